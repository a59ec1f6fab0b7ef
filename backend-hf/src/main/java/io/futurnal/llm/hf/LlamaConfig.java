package io.futurnal.llm.hf;

import io.futurnal.llm.InvalidModelFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The shape of a Llama-family model, read from {@code config.json} with every value checked for
 * type and range before anything is allocated. Covers Llama 2, 3, 3.1 and 3.2 (and the models
 * built on its architecture, such as SmolLM2 and TinyLlama), Mistral, Qwen2/2.5 and Qwen3.
 *
 * @param architecture     the {@code architectures[0]} value
 * @param hiddenSize       model width
 * @param intermediateSize MLP width
 * @param layers           decoder layers
 * @param heads            attention (query) heads
 * @param kvHeads          key/value heads (fewer than {@code heads} for grouped-query attention)
 * @param headDim          width of one head
 * @param vocabSize        rows of the embedding table
 * @param maxPositions     {@code max_position_embeddings}, lowered to {@code sliding_window} when
 *                         the model uses one (attention past the window is not implemented)
 * @param rmsNormEps       epsilon of RMSNorm
 * @param ropeTheta        rotary base frequency
 * @param ropeScaling      rotary scaling, or {@code null} for none
 * @param tiedEmbeddings   whether the LM head reuses the embedding table ({@code tie_word_embeddings})
 * @param qkvBias          whether q, k and v projections have biases (Qwen2 always; Llama and Qwen3 with {@code attention_bias})
 * @param outputBias       whether the attention output projection has a bias ({@code attention_bias}, not on Qwen2)
 * @param mlpBias          whether the MLP projections have biases ({@code mlp_bias})
 * @param qkNorm           whether each head's q and k are RMS-normalised before rotation (Qwen3)
 * @param bosTokenId       beginning-of-sequence id, or -1
 * @param eosTokenIds      end-of-sequence ids (may be empty)
 */
record LlamaConfig(
        String architecture,
        int hiddenSize,
        int intermediateSize,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int vocabSize,
        int maxPositions,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean tiedEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        boolean mlpBias,
        boolean qkNorm,
        int bosTokenId,
        List<Integer> eosTokenIds) {

    /** The architectures this backend can run, by {@code architectures[0]}. */
    static final List<String> SUPPORTED = List.of("LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM",
            "Qwen3ForCausalLM");

    /** The values of {@code torch_dtype} a checkpoint may declare (float64 is accepted as transformers can write it). */
    static final List<String> KNOWN_DTYPES = List.of("float32", "float16", "bfloat16", "float64");

    /**
     * Rotary scaling from {@code rope_scaling}.
     *
     * @param type                 {@code linear} or {@code llama3}
     * @param factor               the scaling factor
     * @param lowFreqFactor        Llama 3 only
     * @param highFreqFactor       Llama 3 only
     * @param originalMaxPositions Llama 3 only
     */
    record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {
    }

    LlamaConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /** Query heads per key/value head. */
    int groupSize() {
        return heads / kvHeads;
    }

    /** Parameters of the weights (the embedding table counted once when tied). */
    long parameters() {
        long h = hiddenSize;
        long q = (long) heads * headDim;
        long kv = (long) kvHeads * headDim;
        long perLayer = h * q * 2 + h * kv * 2 + 3 * h * intermediateSize + 2 * h
                + (qkvBias ? q + 2 * kv : 0) + (outputBias ? h : 0) + (mlpBias ? 2L * intermediateSize + h : 0)
                + (qkNorm ? 2L * headDim : 0);
        return (long) vocabSize * h * (tiedEmbeddings ? 1 : 2) + h + layers * perLayer;
    }

    /**
     * Reads and validates {@code config.json}.
     *
     * @throws InvalidModelFileException when the file is missing, malformed, or describes a model this backend cannot run
     */
    static LlamaConfig read(Path file) {
        JsonObject json = JsonObject.read(file);
        String arch = architecture(json);
        if (!SUPPORTED.contains(arch)) {
            throw unsupported(file, arch);
        }
        String act = json.string("hidden_act", json.string("hidden_activation", "silu"));
        if (!act.equals("silu")) {
            throw new InvalidModelFileException(file, "hidden_act '" + act + "' is not supported; only silu is");
        }
        int hidden = json.requiredInt("hidden_size", 1, 1 << 16);
        int heads = json.requiredInt("num_attention_heads", 1, 1 << 10);
        int kvHeads = (int) json.whole("num_key_value_heads", heads, 1, heads);
        if (heads % kvHeads != 0) {
            throw new InvalidModelFileException(file, "num_attention_heads (" + heads
                    + ") is not a multiple of num_key_value_heads (" + kvHeads + ")");
        }
        if (!json.has("head_dim") && hidden % heads != 0) {
            // without head_dim the head width is hidden_size / num_attention_heads, which must be whole
            throw new InvalidModelFileException(file, "hidden_size (" + hidden + ") is not a multiple of num_attention_heads ("
                    + heads + ") and head_dim is not given");
        }
        int headDim = (int) json.whole("head_dim", hidden / heads, 2, 1 << 10);
        if (headDim % 2 != 0 || headDim < 2) {
            throw new InvalidModelFileException(file, "head_dim " + headDim + " must be even for rotary embeddings");
        }
        int intermediate = json.requiredInt("intermediate_size", 1, 1 << 20);
        int layers = json.requiredInt("num_hidden_layers", 1, 1024);
        int vocab = json.requiredInt("vocab_size", 1, 1 << 22);
        checkDtype(json);
        boolean qwen2 = arch.equals("Qwen2ForCausalLM");
        boolean qwen3 = arch.equals("Qwen3ForCausalLM");
        boolean attentionBias = json.bool("attention_bias", false);
        boolean mlpBias = json.bool("mlp_bias", false);
        LlamaConfig config = new LlamaConfig(arch, hidden, intermediate, layers, heads, kvHeads, headDim, vocab,
                maxPositions(json),
                json.number("rms_norm_eps", 1e-6, 0, 1),
                json.number("rope_theta", 10000.0, 1, 1e12),
                ropeScaling(json),
                json.bool("tie_word_embeddings", false),
                qwen2 || attentionBias,
                !qwen2 && attentionBias,
                mlpBias && !qwen2 && !qwen3,
                qwen3,
                (int) json.whole("bos_token_id", -1, -1, vocab - 1),
                json.tokenIds("eos_token_id", vocab));
        // the whole model must be addressable in longs and every tensor in an int count of elements
        if ((long) vocab * hidden > Integer.MAX_VALUE || (long) intermediate * hidden > Integer.MAX_VALUE
                || (long) heads * headDim * hidden > Integer.MAX_VALUE) {
            throw new InvalidModelFileException(file, "describes tensors of more than 2^31 elements, which this backend cannot hold");
        }
        return config;
    }

    /**
     * The architecture {@code config.json} names, checked against {@link #SUPPORTED}.
     *
     * @throws InvalidModelFileException when the file cannot be read, is not JSON, or names an unsupported architecture
     */
    static String quickArchitecture(Path file) {
        String arch = architecture(JsonObject.read(file));
        if (!SUPPORTED.contains(arch)) {
            throw unsupported(file, arch);
        }
        return arch;
    }

    private static String architecture(JsonObject json) {
        List<?> archs = json.list("architectures");
        return !archs.isEmpty() && archs.get(0) instanceof String s ? s : "";
    }

    /** An id or a list of ids (as {@code eos_token_id} may be either), each inside the vocabulary. */
    /** {@code torch_dtype} (or the newer {@code dtype}), when given, must name a floating-point type transformers writes. */
    private static void checkDtype(JsonObject json) {
        for (String field : List.of("torch_dtype", "dtype")) {
            String value = json.string(field, null);
            if (value != null && !KNOWN_DTYPES.contains(value)) {
                throw json.invalid(field, "must be one of " + String.join(", ", KNOWN_DTYPES), value);
            }
        }
    }

    private static int maxPositions(JsonObject json) {
        int max = (int) json.whole("max_position_embeddings", 2048, 1, 1 << 24);
        boolean used = json.bool("use_sliding_window", true);
        long window = json.whole("sliding_window", 0, 0, Integer.MAX_VALUE);
        if (used && window > 0) {
            max = (int) Math.min(max, window);
        }
        return max;
    }

    private static InvalidModelFileException unsupported(Path file, String arch) {
        return new InvalidModelFileException(file, "unsupported architecture " + (arch.isEmpty() ? "(none given)" : arch)
                + "; supported: " + String.join(", ", SUPPORTED)
                + " (Llama 2/3/3.1/3.2, SmolLM2, TinyLlama, Mistral, Qwen2/2.5, Qwen3); for others use the llamacpp backend with a GGUF");
    }

    private static RopeScaling ropeScaling(JsonObject json) {
        if (!json.has("rope_scaling")) {
            return null;
        }
        JsonObject node = json.object("rope_scaling").orElseThrow();
        String type = node.string("rope_type", node.string("type", ""));
        Path file = json.file();
        switch (type) {
            case "default":
                return null;
            case "linear":
                return new RopeScaling(type, node.number("factor", 1.0, 0, 1e6), 0, 0, 0);
            case "llama3":
                double low = node.number("low_freq_factor", 1.0, 0, 1e6);
                double high = node.number("high_freq_factor", 4.0, 0, 1e6);
                if (!(high > low)) {
                    throw new InvalidModelFileException(file, "rope_scaling.high_freq_factor (" + high
                            + ") must exceed low_freq_factor (" + low + ")");
                }
                return new RopeScaling(type, node.number("factor", 8.0, 0, 1e6), low, high,
                        (int) node.whole("original_max_position_embeddings", 8192, 1, 1 << 24));
            default:
                throw new InvalidModelFileException(file, "rope_scaling type '" + type
                        + "' is not supported; this backend supports none, default, linear and llama3 "
                        + "(for yarn or dynamic scaling use the llamacpp backend)");
        }
    }
}
