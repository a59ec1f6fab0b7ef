package io.futurnal.llm.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The weights of a Llama-family model as float32 NDArrays, rearranged once at load so that a
 * decode step needs few PyTorch calls (each costs microseconds on small models):
 * <ul>
 *   <li>each RMSNorm weight multiplied into the columns of the projection that follows it, so a
 *       norm is one multiplication shorter;</li>
 *   <li>q, k, v projections fused into one matrix, with two extra blocks holding the q and k rows
 *       rotated by half a head ({@code rotate_half} folded into the weights, exact because it only
 *       moves rows and flips signs), so rotary embeddings need no per-step slicing;</li>
 *   <li>the attention scale {@code 1/sqrt(head_dim)} folded into the q rows;</li>
 *   <li>gate and up projections fused into one matrix.</li>
 * </ul>
 * Fused row order: {@code [q | k | rotate_half(q) | rotate_half(k) | v]}.
 */
final class LlamaWeights implements AutoCloseable {

    /**
     * One decoder layer. Bias arrays are {@code null} when the model has none.
     *
     * @param qkv        fused projection with the attention norm folded in, {@code [(2*(heads+kvHeads)+kvHeads)*headDim, hidden]}
     * @param qkvBias    fused bias in the same row order (Qwen2)
     * @param output     attention output projection
     * @param outputBias its bias
     * @param gateUp     fused gate and up projections with the MLP norm folded in, {@code [2*intermediate, hidden]}
     * @param gateUpBias their bias
     * @param down       down projection
     * @param downBias   its bias
     */
    record Layer(NDArray qkv, NDArray qkvBias, NDArray output, NDArray outputBias,
                 NDArray gateUp, NDArray gateUpBias, NDArray down, NDArray downBias) {
    }

    final NDManager manager;
    final NDArray embeddings;
    /** The LM head, with the final norm folded in unless the head is the (shared) embedding table. */
    final NDArray lmHead;
    /** The final norm weight when it is not folded into the head (tied embeddings), else {@code null}. */
    final NDArray finalNorm;
    final List<Layer> layers;

    private LlamaWeights(NDManager manager, NDArray embeddings, NDArray lmHead, NDArray finalNorm, List<Layer> layers) {
        this.manager = manager;
        this.embeddings = embeddings;
        this.lmHead = lmHead;
        this.finalNorm = finalNorm;
        this.layers = List.copyOf(layers);
    }

    /**
     * Loads every tensor {@code config} calls for into {@code manager}.
     *
     * @throws io.futurnal.llm.InvalidModelFileException when a tensor is missing, misshapen or of an unsupported dtype
     */
    static LlamaWeights load(LlamaConfig config, TensorIndex index, NDManager manager) {
        long hidden = config.hiddenSize();
        long vocab = config.vocabSize();
        NDArray embeddings = load(index.require("model.embed_tokens.weight", vocab, hidden), manager);
        NDArray lmHead;
        NDArray finalNorm = null;
        if (config.tiedEmbeddings()) {
            // folding the norm in would need a second copy of the embedding table
            lmHead = embeddings;
            finalNorm = load(index.require("model.norm.weight", hidden), manager);
        } else {
            try (NDManager scratch = manager.newSubManager()) {
                NDArray norm = load(index.require("model.norm.weight", hidden), scratch);
                lmHead = load(index.require("lm_head.weight", vocab, hidden), scratch).mul(norm);
                lmHead.attach(manager);
            }
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < config.layers(); i++) {
            layers.add(layer(config, index, manager, "model.layers." + i + "."));
        }
        return new LlamaWeights(manager, embeddings, lmHead, finalNorm, layers);
    }

    private static Layer layer(LlamaConfig c, TensorIndex index, NDManager manager, String prefix) {
        long hidden = c.hiddenSize();
        long qRows = (long) c.heads() * c.headDim();
        long kvRows = (long) c.kvHeads() * c.headDim();
        long ffn = c.intermediateSize();
        String attn = prefix + "self_attn.";
        String mlp = prefix + "mlp.";
        NDArray qkv;
        NDArray qkvBias = null;
        NDArray gateUp;
        NDArray gateUpBias = null;
        // the parts live in a scratch manager, so every intermediate of the fusion is freed with it
        try (NDManager scratch = manager.newSubManager()) {
            NDArray attentionNorm = load(index.require(prefix + "input_layernorm.weight", hidden), scratch);
            NDArray mlpNorm = load(index.require(prefix + "post_attention_layernorm.weight", hidden), scratch);
            qkv = fuseQkv(c,
                    load(index.require(attn + "q_proj.weight", qRows, hidden), scratch),
                    load(index.require(attn + "k_proj.weight", kvRows, hidden), scratch),
                    load(index.require(attn + "v_proj.weight", kvRows, hidden), scratch)).mul(attentionNorm);
            if (index.find(attn + "q_proj.bias").isPresent()) {
                qkvBias = fuseQkv(c,
                        load(index.require(attn + "q_proj.bias", qRows), scratch),
                        load(index.require(attn + "k_proj.bias", kvRows), scratch),
                        load(index.require(attn + "v_proj.bias", kvRows), scratch));
            }
            gateUp = load(index.require(mlp + "gate_proj.weight", ffn, hidden), scratch)
                    .concat(load(index.require(mlp + "up_proj.weight", ffn, hidden), scratch), 0).mul(mlpNorm);
            if (index.find(mlp + "gate_proj.bias").isPresent()) {
                gateUpBias = load(index.require(mlp + "gate_proj.bias", ffn), scratch)
                        .concat(load(index.require(mlp + "up_proj.bias", ffn), scratch), 0);
            }
            for (NDArray kept : new NDArray[] {qkv, qkvBias, gateUp, gateUpBias}) {
                if (kept != null) {
                    kept.attach(manager);
                }
            }
        }
        return new Layer(qkv, qkvBias,
                load(index.require(attn + "o_proj.weight", hidden, qRows), manager),
                optional(index, attn + "o_proj.bias", manager, hidden),
                gateUp, gateUpBias,
                load(index.require(mlp + "down_proj.weight", hidden, ffn), manager),
                optional(index, mlp + "down_proj.bias", manager, hidden));
    }

    /** Fuses q, k, v (weights or biases, rows first) into {@code [q*s | k | rot(q)*s | rot(k) | v]}, s = 1/sqrt(head_dim). */
    private static NDArray fuseQkv(LlamaConfig c, NDArray q, NDArray k, NDArray v) {
        NDArray qScaled = q.mul((float) (1.0 / Math.sqrt(c.headDim())));
        return NDArrays.concat(new NDList(qScaled, k, rotateHalf(qScaled, c.heads(), c.headDim()),
                rotateHalf(k, c.kvHeads(), c.headDim()), v), 0);
    }

    /**
     * The rows of {@code w} permuted so that {@code x @ result^T == rotate_half(x @ w^T)} per head:
     * within each head, output j takes {@code -row(j + d/2)} for j &lt; d/2 and {@code row(j - d/2)} after.
     */
    private static NDArray rotateHalf(NDArray w, int heads, int headDim) {
        long[] shape = w.getShape().getShape();
        long rest = shape.length > 1 ? shape[1] : 1;
        NDArray perHead = w.reshape(heads, headDim, rest);
        NDList halves = perHead.split(2, 1);
        NDArray rotated = NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), 1);
        return rotated.reshape(shape);
    }

    private static NDArray optional(TensorIndex index, String name, NDManager manager, long... shape) {
        return index.find(name).map(info -> {
            TensorIndex.checkShape(info, shape);
            return load(info, manager);
        }).orElse(null);
    }

    private static NDArray load(TensorInfo info, NDManager manager) {
        return TensorLoader.load(info, manager);
    }

    @Override
    public void close() {
        manager.close();
    }
}
