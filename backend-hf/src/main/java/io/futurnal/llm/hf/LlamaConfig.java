package io.futurnal.llm.hf;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a Llama-family model, read from {@code config.json}.
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
 * @param tiedEmbeddings   whether the LM head reuses the embedding table
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
        int bosTokenId,
        List<Integer> eosTokenIds) {

    /** The architectures this backend can run. */
    static final Set<String> SUPPORTED = Set.of("LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM");

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

    /** Query heads per key/value head. */
    int groupSize() {
        return heads / kvHeads;
    }

    /**
     * Reads and validates {@code config.json}.
     *
     * @throws InvalidModelFileException when the file is missing, malformed, or describes a model this backend cannot run
     */
    static LlamaConfig read(Path file) {
        JsonNode json = JsonFiles.readObject(file);
        JsonNode archs = json.path("architectures");
        String arch = archs.isArray() && archs.size() > 0 ? archs.get(0).asText("") : "";
        if (!SUPPORTED.contains(arch)) {
            throw unsupported(file, arch);
        }
        String act = json.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new InvalidModelFileException(file, "hidden_act '" + act + "' is not supported; only silu is");
        }
        int hidden = positive(json, "hidden_size", file);
        int heads = positive(json, "num_attention_heads", file);
        int kvHeads = json.has("num_key_value_heads") && !json.get("num_key_value_heads").isNull()
                ? positive(json, "num_key_value_heads", file) : heads;
        if (heads % kvHeads != 0) {
            throw new InvalidModelFileException(file, "num_attention_heads (" + heads
                    + ") is not a multiple of num_key_value_heads (" + kvHeads + ")");
        }
        int headDim = json.has("head_dim") && !json.get("head_dim").isNull()
                ? positive(json, "head_dim", file) : hidden / heads;
        if (headDim % 2 != 0 || headDim == 0) {
            throw new InvalidModelFileException(file, "head_dim " + headDim + " must be even for rotary embeddings");
        }
        return new LlamaConfig(arch, hidden,
                positive(json, "intermediate_size", file),
                positive(json, "num_hidden_layers", file),
                heads, kvHeads, headDim,
                positive(json, "vocab_size", file),
                maxPositions(json, file),
                positiveDouble(json, "rms_norm_eps", 1e-6, file),
                positiveDouble(json, "rope_theta", 10000.0, file),
                ropeScaling(json.path("rope_scaling"), file),
                json.path("tie_word_embeddings").asBoolean(false),
                json.path("bos_token_id").canConvertToInt() ? json.get("bos_token_id").asInt() : -1,
                tokenIds(json.path("eos_token_id")));
    }

    /**
     * The supported architecture {@code config.json} names, read with the api's small JSON parser
     * because Jackson takes a third of a second to start and probes have half a second.
     *
     * @throws InvalidModelFileException when the file cannot be read, is not JSON, or names an unsupported architecture
     */
    static String quickArchitecture(Path file) {
        Object root;
        try {
            root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidModelFileException(file, "cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelFileException(file, "is not valid JSON: " + e.getMessage(), e);
        }
        Object archs = root instanceof Map<?, ?> map ? map.get("architectures") : null;
        String arch = archs instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String s ? s : "";
        if (!SUPPORTED.contains(arch)) {
            throw unsupported(file, arch);
        }
        return arch;
    }

    /** Reads an id or a list of ids (as {@code eos_token_id} may be either). */
    static List<Integer> tokenIds(JsonNode node) {
        List<Integer> ids = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> {
                if (n.canConvertToInt()) {
                    ids.add(n.asInt());
                }
            });
        } else if (node.canConvertToInt()) {
            ids.add(node.asInt());
        }
        return List.copyOf(ids);
    }

    private static int maxPositions(JsonNode json, Path file) {
        int max = json.has("max_position_embeddings") ? positive(json, "max_position_embeddings", file) : 2048;
        JsonNode window = json.path("sliding_window");
        boolean used = json.path("use_sliding_window").asBoolean(true);
        if (used && window.canConvertToInt() && window.asInt() > 0) {
            max = Math.min(max, window.asInt());
        }
        return max;
    }

    private static InvalidModelFileException unsupported(Path file, String arch) {
        return new InvalidModelFileException(file, "architecture '" + (arch.isEmpty() ? "(none given)" : arch)
                + "' is not supported; this backend runs " + String.join(", ", SUPPORTED.stream().sorted().toList()));
    }

    private static RopeScaling ropeScaling(JsonNode node, Path file) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String type = node.path("rope_type").asText(node.path("type").asText(""));
        double factor = node.path("factor").asDouble(1.0);
        switch (type) {
            case "default":
                return null;
            case "linear":
                if (!(factor > 0)) {
                    throw new InvalidModelFileException(file, "rope_scaling.factor must be positive");
                }
                return new RopeScaling(type, factor, 0, 0, 0);
            case "llama3":
                return new RopeScaling(type, factor, node.path("low_freq_factor").asDouble(1.0),
                        node.path("high_freq_factor").asDouble(4.0),
                        node.path("original_max_position_embeddings").asInt(8192));
            default:
                throw new InvalidModelFileException(file, "rope_scaling type '" + type
                        + "' is not supported; this backend supports none, linear and llama3");
        }
    }

    private static int positive(JsonNode json, String field, Path file) {
        JsonNode n = json.get(field);
        if (n == null || !n.canConvertToInt() || n.asInt() <= 0) {
            throw new InvalidModelFileException(file, "'" + field + "' must be a positive whole number; got "
                    + (n == null ? "nothing" : n.toString()));
        }
        return n.asInt();
    }

    private static double positiveDouble(JsonNode json, String field, double defaultValue, Path file) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return defaultValue;
        }
        if (!n.isNumber() || !(n.asDouble() > 0)) {
            throw new InvalidModelFileException(file, "'" + field + "' must be a positive number; got " + n);
        }
        return n.asDouble();
    }
}
