package io.futurnal.llm.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.futurnal.llm.InvalidModelFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a Llama-family model as stored, one NDArray per tensor: matrices in the compute
 * dtype (memory-mapped when that is their stored dtype, see {@link TensorLoader}), norm weights
 * in float32 because norms are computed in float32. Nothing is fused, folded or duplicated, so
 * the process holds no second copy of any weight.
 */
final class LlamaWeights implements AutoCloseable {

    static final String EMBEDDINGS = "model.embed_tokens.weight";
    static final String LM_HEAD = "lm_head.weight";
    static final String FINAL_NORM = "model.norm.weight";

    /**
     * One decoder layer. Bias and q/k-norm arrays are {@code null} when the model has none.
     */
    record Layer(NDArray attentionNorm, NDArray q, NDArray qBias, NDArray k, NDArray kBias, NDArray v, NDArray vBias,
                 NDArray qNorm, NDArray kNorm, NDArray output, NDArray outputBias, NDArray mlpNorm,
                 NDArray gate, NDArray gateBias, NDArray up, NDArray upBias, NDArray down, NDArray downBias) {
    }

    final NDManager manager;
    final DataType computeType;
    final NDArray embeddings;
    final NDArray lmHead;
    final NDArray finalNorm;
    final List<Layer> layers;

    private LlamaWeights(NDManager manager, DataType computeType, NDArray embeddings, NDArray lmHead, NDArray finalNorm,
                         List<Layer> layers) {
        this.manager = manager;
        this.computeType = computeType;
        this.embeddings = embeddings;
        this.lmHead = lmHead;
        this.finalNorm = finalNorm;
        this.layers = List.copyOf(layers);
    }

    /**
     * Every tensor {@code config} calls for, by name, with its shape, in load order; the embedding
     * and LM head as {@link #resolve} finds them.
     *
     * @throws InvalidModelFileException when a tensor is missing, misshapen or of a dtype this backend cannot read
     */
    static Map<String, TensorInfo> resolve(LlamaConfig c, TensorIndex index) {
        long hidden = c.hiddenSize();
        long vocab = c.vocabSize();
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        // tied checkpoints keep the shared table under either name (transformers keeps lm_head.weight for some models)
        TensorInfo embeddings = index.find(EMBEDDINGS)
                .or(() -> c.tiedEmbeddings() ? index.find(LM_HEAD) : java.util.Optional.empty())
                .orElseThrow(() -> new InvalidModelFileException(index.directory(),
                        "the weights lack tensor '" + EMBEDDINGS + "'" + (c.tiedEmbeddings() ? " (and '" + LM_HEAD
                                + "', which tied embeddings may use instead)" : "")));
        TensorIndex.checkShape(embeddings, vocab, hidden);
        out.put(EMBEDDINGS, embeddings);
        if (!c.tiedEmbeddings()) {
            out.put(LM_HEAD, requireIn(index, LM_HEAD, " (config.json says tie_word_embeddings is false)", vocab, hidden));
        }
        out.put(FINAL_NORM, index.require(FINAL_NORM, hidden));
        long q = (long) c.heads() * c.headDim();
        long kv = (long) c.kvHeads() * c.headDim();
        long ffn = c.intermediateSize();
        for (int i = 0; i < c.layers(); i++) {
            String p = "model.layers." + i + ".";
            String attn = p + "self_attn.";
            String mlp = p + "mlp.";
            put(out, index, p + "input_layernorm.weight", hidden);
            put(out, index, attn + "q_proj.weight", q, hidden);
            put(out, index, attn + "k_proj.weight", kv, hidden);
            put(out, index, attn + "v_proj.weight", kv, hidden);
            if (c.qkvBias()) {
                put(out, index, attn + "q_proj.bias", q);
                put(out, index, attn + "k_proj.bias", kv);
                put(out, index, attn + "v_proj.bias", kv);
            }
            if (c.qkNorm()) {
                put(out, index, attn + "q_norm.weight", c.headDim());
                put(out, index, attn + "k_norm.weight", c.headDim());
            }
            put(out, index, attn + "o_proj.weight", hidden, q);
            if (c.outputBias()) {
                put(out, index, attn + "o_proj.bias", hidden);
            }
            put(out, index, p + "post_attention_layernorm.weight", hidden);
            put(out, index, mlp + "gate_proj.weight", ffn, hidden);
            put(out, index, mlp + "up_proj.weight", ffn, hidden);
            put(out, index, mlp + "down_proj.weight", hidden, ffn);
            if (c.mlpBias()) {
                put(out, index, mlp + "gate_proj.bias", ffn);
                put(out, index, mlp + "up_proj.bias", ffn);
                put(out, index, mlp + "down_proj.bias", hidden);
            }
        }
        for (TensorInfo t : out.values()) {
            String dtype = t.dtype();
            if (!dtype.equals("F32") && !dtype.equals("F16") && !dtype.equals("BF16")) {
                throw new InvalidModelFileException(t.file(), "tensor '" + t.name() + "' has dtype " + dtype
                        + "; this backend reads F32, F16 and BF16 weights (for quantized models use the llamacpp backend)");
            }
        }
        return out;
    }

    /** Whether a resolved tensor is a norm weight, kept in float32. */
    static boolean isNorm(String name) {
        return name.endsWith("norm.weight");
    }

    /**
     * Loads the tensors {@link #resolve} found: norms with {@code norms}, the rest with {@code matrices}.
     */
    static LlamaWeights load(LlamaConfig c, Map<String, TensorInfo> tensors, TensorLoader matrices, TensorLoader norms,
                             DataType computeType, NDManager manager) {
        Map<String, NDArray> a = new LinkedHashMap<>();
        for (Map.Entry<String, TensorInfo> e : tensors.entrySet()) {
            a.put(e.getKey(), (isNorm(e.getKey()) ? norms : matrices).load(e.getValue(), manager));
        }
        NDArray embeddings = a.get(EMBEDDINGS);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < c.layers(); i++) {
            String p = "model.layers." + i + ".";
            String attn = p + "self_attn.";
            String mlp = p + "mlp.";
            layers.add(new Layer(a.get(p + "input_layernorm.weight"),
                    a.get(attn + "q_proj.weight"), a.get(attn + "q_proj.bias"),
                    a.get(attn + "k_proj.weight"), a.get(attn + "k_proj.bias"),
                    a.get(attn + "v_proj.weight"), a.get(attn + "v_proj.bias"),
                    a.get(attn + "q_norm.weight"), a.get(attn + "k_norm.weight"),
                    a.get(attn + "o_proj.weight"), a.get(attn + "o_proj.bias"),
                    a.get(p + "post_attention_layernorm.weight"),
                    a.get(mlp + "gate_proj.weight"), a.get(mlp + "gate_proj.bias"),
                    a.get(mlp + "up_proj.weight"), a.get(mlp + "up_proj.bias"),
                    a.get(mlp + "down_proj.weight"), a.get(mlp + "down_proj.bias")));
        }
        return new LlamaWeights(manager, computeType, embeddings, a.getOrDefault(LM_HEAD, embeddings), a.get(FINAL_NORM),
                layers);
    }

    private static void put(Map<String, TensorInfo> out, TensorIndex index, String name, long... shape) {
        out.put(name, index.require(name, shape));
    }

    private static TensorInfo requireIn(TensorIndex index, String name, String why, long... shape) {
        TensorInfo info = index.find(name).orElseThrow(() -> new InvalidModelFileException(
                index.directory(), "the weights lack tensor '" + name + "'" + why));
        TensorIndex.checkShape(info, shape);
        return info;
    }

    @Override
    public void close() {
        manager.close();
    }
}
