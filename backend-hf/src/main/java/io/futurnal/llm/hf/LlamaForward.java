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
 */
final class LlamaForward {

    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final RopeTables rope;
    private final NDArray epsilon;
    private final long[] qkvSplits;
    private final long[] qkSplit;
    private final long[] gateUpSplit;

    LlamaForward(LlamaConfig config, LlamaWeights weights, RopeTables rope) {
        this.config = config;
        this.weights = weights;
        this.rope = rope;
        this.epsilon = weights.manager.create(new float[] {(float) config.rmsNormEps()});
        int rotated = config.heads() + config.kvHeads();
        this.qkvSplits = new long[] {rotated, 2L * rotated};
        this.qkSplit = new long[] {config.heads()};
        this.gateUpSplit = new long[] {config.intermediateSize()};
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
            NDArray logits = linear(rmsNorm(last, weights.finalNorm), weights.lmHead, null);
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

        NDArray qkv = linear(rmsNorm(x, w.attentionNorm()), w.qkv(), w.qkvBias())
                .reshape(count, 2L * (heads + kvHeads) + kvHeads, dim);
        NDList parts = qkv.split(qkvSplits, 1);
        NDArray rotated = parts.get(0).mul(cos).add(parts.get(1).mul(sin));
        NDList qk = rotated.split(qkSplit, 1);
        NDArray q = qk.get(0);
        NDArray v = parts.get(2);
        cache.write(index, qk.get(1).transpose(1, 2, 0), v.transpose(1, 0, 2), count);

        int total = start + count;
        NDArray keys = cache.keys(index, total, x.getManager());
        NDArray values = cache.values(index, total, x.getManager());
        NDArray attended;
        if (count == 1) {
            NDArray scores = q.reshape(kvHeads, group, dim).matMul(keys);
            attended = scores.softmax(-1).matMul(values).reshape(1, (long) heads * dim);
        } else {
            NDArray grouped = q.reshape(count, kvHeads, group, dim).transpose(1, 0, 2, 3)
                    .reshape(kvHeads, (long) count * group, dim);
            NDArray scores = grouped.matMul(keys).add(mask);
            attended = scores.softmax(-1).matMul(values).reshape(kvHeads, count, group, dim)
                    .transpose(1, 0, 2, 3).reshape(count, (long) heads * dim);
        }
        NDArray h = x.add(linear(attended, w.output(), w.outputBias()));

        NDArray gateUp = linear(rmsNorm(h, w.mlpNorm()), w.gateUp(), w.gateUpBias());
        NDList halves = gateUp.split(gateUpSplit, 1);
        NDArray gate = halves.get(0);
        NDArray activated = gate.mul(gate.getNDArrayInternal().sigmoid()).mul(halves.get(1));
        return h.add(linear(activated, w.down(), w.downBias()));
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

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        return x.div(meanSquare.add(epsilon).sqrt()).mul(weight);
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }
}
