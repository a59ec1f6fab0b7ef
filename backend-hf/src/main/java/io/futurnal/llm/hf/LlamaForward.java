package io.futurnal.llm.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * The Llama forward pass in DJL NDArray operations: embedding, RMSNorm, rotary embeddings,
 * grouped-query attention over a {@link KvCache}, SwiGLU MLP and the LM head. Matrix products run
 * in the weights' compute dtype; the residual stream, the norms, the softmax and the logits are
 * float32. Each call puts its temporaries in a sub-manager closed before returning, so memory
 * stays flat however long the generation. Thread-safe: the weights are only read (they may be
 * read-only mapped memory, so nothing here writes into an array it did not create); each caller
 * brings its own cache.
 */
final class LlamaForward {

    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final RopeTables rope;
    private final DataType compute;
    private final float epsilon;
    private final float queryScale;
    private final int[] lastAxis = {-1};

    LlamaForward(LlamaConfig config, LlamaWeights weights, RopeTables rope) {
        this.config = config;
        this.weights = weights;
        this.rope = rope;
        this.compute = weights.computeType;
        this.epsilon = (float) config.rmsNormEps();
        this.queryScale = (float) (1.0 / Math.sqrt(config.headDim()));
    }

    /** Most positions the rotary tables cover. */
    int contextLength() {
        return rope.positions;
    }

    /** The dtype of the matrix products. */
    DataType computeType() {
        return compute;
    }

    /**
     * Runs {@code tokens} at the next positions of {@code cache}, appends their keys and values,
     * and returns the logits after the last token.
     */
    float[] forward(int[] tokens, KvCache cache) {
        int count = tokens.length;
        int start = cache.length();
        int end = start + count;
        cache.ensureCapacity(end);
        try (NDManager step = cache.manager().newSubManager()) {
            NDArray x = embed(tokens, step);
            NDIndex positions = new NDIndex().addSliceDim(start, end);
            NDArray cos = rope.cos.get(step, positions);
            NDArray sin = rope.sin.get(step, positions);
            NDArray mask = count > 1 ? causalMask(start, count, step) : null;
            for (int i = 0; i < weights.layers.size(); i++) {
                x = layer(i, x, cache, start, count, cos, sin, mask);
            }
            NDArray last = count > 1 ? x.get(new NDIndex().addSliceDim(count - 1, count)) : x;
            NDArray logits = linear(normalized(last, weights.finalNorm), weights.lmHead, null);
            cache.advance(count);
            return logits.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    private NDArray layer(int index, NDArray x, KvCache cache, int start, int count, NDArray cos, NDArray sin,
                          NDArray mask) {
        LlamaWeights.Layer w = weights.layers.get(index);
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int group = config.groupSize();
        int dim = config.headDim();

        NDArray h = normalized(x, w.attentionNorm());
        NDArray q = linear(h, w.q(), w.qBias()).reshape(count, heads, dim);
        NDArray k = linear(h, w.k(), w.kBias()).reshape(count, kvHeads, dim);
        NDArray v = linear(h, w.v(), w.vBias()).reshape(count, kvHeads, dim);
        if (w.qNorm() != null) {
            q = normalized(q, w.qNorm());
            k = normalized(k, w.kNorm());
        }
        q = rotate(q, cos, sin).muli(queryScale);
        k = rotate(k, cos, sin);
        if (count == 1) {
            cache.writeOne(index, k, v);
        } else {
            cache.write(index, k.transpose(1, 2, 0), v.transpose(1, 0, 2), count);
        }

        int total = start + count;
        NDArray keys = cache.keys(index, total, x.getManager());
        NDArray values = cache.values(index, total, x.getManager());
        NDArray attended;
        if (count == 1) {
            NDArray scores = q.reshape(kvHeads, group, dim).matMul(keys);
            attended = softmax(scores).matMul(values).reshape(1, (long) heads * dim);
        } else {
            NDArray grouped = q.reshape(count, kvHeads, group, dim).transpose(1, 0, 2, 3)
                    .reshape(kvHeads, (long) count * group, dim);
            NDArray scores = grouped.matMul(keys).toType(DataType.FLOAT32, false).add(mask);
            attended = softmax(scores).matMul(values).reshape(kvHeads, count, group, dim)
                    .transpose(1, 0, 2, 3).reshape(count, (long) heads * dim);
        }
        // x may be a view of the (read-only) embedding table, so this first sum is a new array
        NDArray residual = x.add(toFloat32(linear(attended, w.output(), w.outputBias())));

        NDArray m = normalized(residual, w.mlpNorm());
        NDArray gate = linear(m, w.gate(), w.gateBias());
        NDArray activated = gate.getNDArrayInternal().sigmoid().muli(gate).muli(linear(m, w.up(), w.upBias()));
        return residual.addi(toFloat32(linear(activated, w.down(), w.downBias())));
    }

    /** Rotate-half RoPE per head: {@code x * cos + rotate_half(x) * sin}, {@code rotate_half(a, b) = (-b, a)}. */
    private NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, 2);
        NDArray rotated = NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), 2);
        return x.mul(cos).addi(rotated.muli(sin));
    }

    /** Softmax over the last axis in float32, returned in the compute dtype for the product with the values. */
    private NDArray softmax(NDArray scores) {
        return scores.toType(DataType.FLOAT32, false).softmax(-1).toType(compute, false);
    }

    private NDArray embed(int[] tokens, NDManager step) {
        for (int token : tokens) {
            if (token < 0 || token >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + token + " is outside the vocabulary of "
                        + config.vocabSize());
            }
        }
        NDArray rows;
        if (tokens.length == 1) {
            rows = weights.embeddings.get(step, new NDIndex().addSliceDim(tokens[0], tokens[0] + 1L));
        } else {
            long[] ids = new long[tokens.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = tokens[i];
            }
            NDArray idArray = step.create(ids);
            rows = idArray.getNDArrayInternal().embedding(idArray, weights.embeddings, SparseFormat.DENSE).singletonOrThrow();
        }
        return toFloat32(rows);
    }

    /** Additive mask for {@code count} new tokens (rows ordered token-major, then heads of a group). */
    private NDArray causalMask(int start, int count, NDManager step) {
        int group = config.groupSize();
        int total = start + count;
        float[] mask = new float[count * group * total];
        for (int t = 0; t < count; t++) {
            for (int g = 0; g < group; g++) {
                int row = (t * group + g) * total;
                for (int s = start + t + 1; s < total; s++) {
                    mask[row + s] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return step.create(mask, new Shape((long) count * group, total));
    }

    /** RMSNorm over the last axis in float32, times its float32 weight, returned in the compute dtype. */
    private NDArray normalized(NDArray x, NDArray weight) {
        NDArray x32 = toFloat32(x);
        NDArray scale = x32.square().mean(lastAxis, true).addi(epsilon).pow(-0.5f);
        return x32.mul(scale).muli(weight).toType(compute, false);
    }

    private static NDArray toFloat32(NDArray x) {
        return x.toType(DataType.FLOAT32, false);
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }
}
