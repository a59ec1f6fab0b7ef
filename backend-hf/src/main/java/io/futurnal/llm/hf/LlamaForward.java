package io.futurnal.llm.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * The Llama forward pass in DJL NDArray operations: embedding, RMSNorm, rotary embeddings,
 * grouped-query attention over a {@link KvCache}, SwiGLU MLP and the LM head. Each call puts its
 * temporaries in a sub-manager that is closed before returning, so memory stays flat however
 * long the generation. Thread-safe: the weights are only read; each caller brings its own cache.
 *
 * <p>On small models every PyTorch call costs a few microseconds whatever its size, so the code
 * counts calls: norm weights are folded into the weights ({@link LlamaWeights}), and in-place
 * operations are used on temporaries, which also spares creating and freeing an NDArray.
 */
final class LlamaForward {

    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final RopeTables rope;
    private final NDArray epsilon;
    private final NDArray minusHalf;
    private final long[] qkvSplits;
    private final long[] qkSplit;
    private final long[] gateUpSplit;
    private final int[] lastAxis = {-1};
    private final Shape qkvShapeOne;
    private final Shape groupedQueryOne;
    private final Shape attendedOne;

    LlamaForward(LlamaConfig config, LlamaWeights weights, RopeTables rope) {
        this.config = config;
        this.weights = weights;
        this.rope = rope;
        this.epsilon = weights.manager.create(new float[] {(float) config.rmsNormEps()});
        this.minusHalf = weights.manager.create(new float[] {-0.5f});
        int rotated = config.heads() + config.kvHeads();
        this.qkvSplits = new long[] {rotated, 2L * rotated};
        this.qkSplit = new long[] {config.heads()};
        this.gateUpSplit = new long[] {config.intermediateSize()};
        this.qkvShapeOne = new Shape(1, 2L * rotated + config.kvHeads(), config.headDim());
        this.groupedQueryOne = new Shape(config.kvHeads(), config.groupSize(), config.headDim());
        this.attendedOne = new Shape(1, (long) config.heads() * config.headDim());
    }

    /** Most positions the rotary tables cover. */
    int contextLength() {
        return rope.positions;
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
            NDArray normed = normalize(last);
            if (weights.finalNorm != null) {
                normed.muli(weights.finalNorm);
            }
            NDArray logits = linear(normed, weights.lmHead, null);
            cache.advance(count);
            return logits.toFloatArray();
        }
    }

    private NDArray layer(int index, NDArray x, KvCache cache, int start, int count, NDArray cos, NDArray sin,
                          NDArray mask) {
        LlamaWeights.Layer w = weights.layers.get(index);
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int group = config.groupSize();
        int dim = config.headDim();

        NDArray projected = linear(normalize(x), w.qkv(), w.qkvBias());
        NDArray qkv = count == 1 ? projected.reshape(qkvShapeOne)
                : projected.reshape(count, 2L * (heads + kvHeads) + kvHeads, dim);
        NDList parts = qkv.split(qkvSplits, 1);
        // rotate-half RoPE: x * cos + rotate_half(x) * sin, the rotated copy coming from the fused weights
        NDArray rotated = parts.get(0).mul(cos).addi(parts.get(1).muli(sin));
        NDList qk = rotated.split(qkSplit, 1);
        NDArray q = qk.get(0);
        NDArray v = parts.get(2);
        if (count == 1) {
            cache.writeOne(index, qk.get(1), v);
        } else {
            cache.write(index, qk.get(1).transpose(1, 2, 0), v.transpose(1, 0, 2), count);
        }

        int total = start + count;
        NDArray keys = cache.keys(index, total, x.getManager());
        NDArray values = cache.values(index, total, x.getManager());
        NDArray attended;
        if (count == 1) {
            NDArray scores = q.reshape(groupedQueryOne).matMul(keys);
            attended = scores.softmax(-1).matMul(values).reshape(attendedOne);
        } else {
            NDArray grouped = q.reshape(count, kvHeads, group, dim).transpose(1, 0, 2, 3)
                    .reshape(kvHeads, (long) count * group, dim);
            NDArray scores = grouped.matMul(keys).addi(mask);
            attended = scores.softmax(-1).matMul(values).reshape(kvHeads, count, group, dim)
                    .transpose(1, 0, 2, 3).reshape(count, (long) heads * dim);
        }
        // x may be a view of the embedding table, so this first residual sum is a new array
        NDArray h = x.add(linear(attended, w.output(), w.outputBias()));

        NDList gateUp = linear(normalize(h), w.gateUp(), w.gateUpBias()).split(gateUpSplit, 1);
        NDArray gate = gateUp.get(0);
        NDArray activated = gate.getNDArrayInternal().sigmoid().muli(gate).muli(gateUp.get(1));
        return h.addi(linear(activated, w.down(), w.downBias()));
    }

    private NDArray embed(int[] tokens, NDManager step) {
        for (int token : tokens) {
            if (token < 0 || token >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + token + " is outside the vocabulary of "
                        + config.vocabSize());
            }
        }
        if (tokens.length == 1) {
            return weights.embeddings.get(step, new NDIndex().addSliceDim(tokens[0], tokens[0] + 1L));
        }
        long[] ids = new long[tokens.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens[i];
        }
        NDArray idArray = step.create(ids);
        return idArray.getNDArrayInternal().embedding(idArray, weights.embeddings, SparseFormat.DENSE).singletonOrThrow();
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

    /** RMSNorm without its weight (folded into the next projection): x / sqrt(mean(x^2) + eps). */
    private NDArray normalize(NDArray x) {
        NDArray scale = x.square().mean(lastAxis, true).addi(epsilon).powi(minusHalf);
        return x.mul(scale);
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }
}
