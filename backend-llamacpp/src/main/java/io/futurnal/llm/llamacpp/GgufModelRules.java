package io.futurnal.llm.llamacpp;

import io.futurnal.llm.InvalidModelFileException;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The metadata rules llama.cpp's loader trusts without checking (or checks with an assertion that
 * aborts the process): the tokenizer kind, the vocabulary's arrays and their lengths, special-token
 * ids (-1 meaning "none" is allowed) and the architecture's hyper-parameters. Each rule applies when its key is present; a
 * violation names the key and its value.
 */
final class GgufModelRules {

    /** The tokenizer kinds llama.cpp's vocabulary loader knows; {@code no} means the file has no vocabulary. */
    static final Set<String> TOKENIZER_MODELS = Set.of("no", "llama", "gpt2", "bert", "t5", "rwkv", "plamo2");

    static final String TOKENIZER_MODEL = "tokenizer.ggml.model";
    static final String TOKENS = "tokenizer.ggml.tokens";
    static final String TOKEN_TYPES = "tokenizer.ggml.token_type";
    static final String SCORES = "tokenizer.ggml.scores";
    static final String TOKEN_EMBEDDING = "token_embd.weight";
    private static final long NO_TOKEN_U32 = 0xFFFF_FFFFL;
    /** LLAMA_MAX_EXPERTS of the llama.cpp build the bindings carry (b4916). */
    static final long MAX_EXPERTS = 256;
    /** The largest plausible normalisation epsilon, exclusive. */
    static final double MAX_EPSILON = 0.01;

    private final GgufMetadata metadata;
    private final String prefix;
    private final Function<String, InvalidModelFileException> invalid;

    private GgufModelRules(GgufMetadata metadata, String architecture, Function<String, InvalidModelFileException> invalid) {
        this.metadata = metadata;
        this.prefix = architecture + ".";
        this.invalid = invalid;
    }

    /**
     * Checks {@code metadata} of a model of {@code architecture}; {@code embeddingShape} holds the
     * dimensions of {@code token_embd.weight}, or is {@code null} when the file has no such tensor.
     *
     * @throws InvalidModelFileException made by {@code invalid} from the first violation found
     */
    static void check(GgufMetadata metadata, String architecture, long[] embeddingShape,
            Function<String, InvalidModelFileException> invalid) {
        GgufModelRules rules = new GgufModelRules(metadata, architecture, invalid);
        rules.tokenizer(embeddingShape);
        rules.hyperParameters();
        rules.experts();
    }

    private void tokenizer(long[] embeddingShape) {
        if (metadata.has(TOKENIZER_MODEL)) {
            String model = metadata.string(TOKENIZER_MODEL).orElseThrow(() -> wrongType(TOKENIZER_MODEL, "a string"));
            if (!TOKENIZER_MODELS.contains(model)) {
                throw invalid.apply(TOKENIZER_MODEL + " is '" + TokenListCheck.printable(model)
                        + "', a tokenizer llama.cpp does not know (it knows " + new TreeSet<>(TOKENIZER_MODELS) + ")");
            }
        }
        if (!metadata.has(TOKENS)) {
            return;
        }
        if (!metadata.isArrayOf(TOKENS, GgufMetadata.TYPE_STRING)) {
            throw wrongType(TOKENS, "an array of strings");
        }
        long vocabulary = metadata.arrayLength(TOKENS).orElseThrow();
        if (vocabulary == 0) {
            throw invalid.apply(TOKENS + " is an empty array; a vocabulary needs at least one token");
        }
        sameLengthArray(TOKEN_TYPES, GgufMetadata.TYPE_I32, "int32", vocabulary);
        sameLengthArray(SCORES, GgufMetadata.TYPE_F32, "float32", vocabulary);
        if (embeddingShape != null && embeddingShape.length >= 2 && embeddingShape[1] != vocabulary) {
            throw invalid.apply(TOKENS + " holds " + vocabulary + " tokens but the vocabulary dimension ne[1] of tensor "
                    + TOKEN_EMBEDDING + " is " + embeddingShape[1] + "; they must be equal");
        }
        for (String key : metadata.keys()) {
            if (key.startsWith("tokenizer.ggml.") && key.endsWith("_token_id")) {
                specialTokenId(key, vocabulary);
            }
        }
    }

    private void sameLengthArray(String key, int elementType, String elementName, long vocabulary) {
        if (!metadata.has(key)) {
            return;
        }
        if (!metadata.isArrayOf(key, elementType)) {
            throw wrongType(key, "an array of " + elementName);
        }
        long length = metadata.arrayLength(key).orElseThrow();
        if (length != vocabulary) {
            throw invalid.apply(key + " has " + length + " entries but " + TOKENS + " has " + vocabulary
                    + "; llama.cpp reads one per token");
        }
    }

    private void specialTokenId(String key, long vocabulary) {
        long id = metadata.integer(key).orElseThrow(() -> wrongType(key, "an integer token id"));
        // llama.cpp reads ids as int32, and -1 (0xFFFFFFFF as u32, as stories260K stores its pad token) means "none".
        if (id == NO_TOKEN_U32 || id == -1) {
            return;
        }
        if (id < 0 || id >= vocabulary) {
            throw invalid.apply(key + " is " + metadata.shown.get(key) + ", outside the vocabulary of " + vocabulary
                    + " tokens (ids 0 to " + (vocabulary - 1) + ")");
        }
    }

    private void hyperParameters() {
        atLeastOne(prefix + "block_count");
        atLeastOne(prefix + "context_length");
        long embedding = atLeastOne(prefix + "embedding_length").orElse(0);
        for (String name : List.of("layer_norm_rms_epsilon", "layer_norm_epsilon")) {
            epsilon(prefix + "attention." + name);
        }
        String headsKey = prefix + "attention.head_count";
        String kvHeadsKey = prefix + "attention.head_count_kv";
        // Hybrid models give per-layer head counts as arrays; the divisibility rules below are for one count.
        if (metadata.isArrayOf(headsKey, GgufMetadata.TYPE_U32) || metadata.isArrayOf(headsKey, GgufMetadata.TYPE_I32)) {
            return;
        }
        OptionalLong heads = atLeastOne(headsKey);
        if (heads.isEmpty()) {
            return;
        }
        // Without an explicit key_length llama.cpp takes the head size as embedding_length / head_count.
        if (embedding > 0 && !metadata.has(prefix + "attention.key_length") && embedding % heads.getAsLong() != 0) {
            throw invalid.apply(prefix + "embedding_length is " + embedding + ", not divisible by " + headsKey + " "
                    + heads.getAsLong());
        }
        if (metadata.isArrayOf(kvHeadsKey, GgufMetadata.TYPE_U32) || metadata.isArrayOf(kvHeadsKey, GgufMetadata.TYPE_I32)) {
            return;
        }
        OptionalLong kvHeads = atLeastOne(kvHeadsKey);
        if (kvHeads.isPresent() && heads.getAsLong() % kvHeads.getAsLong() != 0) {
            throw invalid.apply(headsKey + " is " + heads.getAsLong() + ", not divisible by " + kvHeadsKey + " "
                    + kvHeads.getAsLong() + " (each key/value head serves a whole group of query heads)");
        }
    }

    /**
     * Mixture-of-experts counts: llama.cpp asserts (aborting the process) that there are at most
     * {@link #MAX_EXPERTS} experts, that no more are used than exist, and that some are used when there are any.
     */
    private void experts() {
        String countKey = prefix + "expert_count";
        String usedKey = prefix + "expert_used_count";
        long count = nonNegative(countKey);
        long used = nonNegative(usedKey);
        if (count > MAX_EXPERTS) {
            throw invalid.apply(countKey + " is " + metadata.shown.get(countKey) + "; llama.cpp allows at most " + MAX_EXPERTS);
        }
        if (used > count || (count > 0 && used == 0)) {
            throw invalid.apply(usedKey + " is " + used + " with " + countKey + " " + count
                    + "; a model with experts uses between 1 and all of them, one without uses none");
        }
    }

    /** The value of an integer key that must not be negative, 0 when absent. */
    private long nonNegative(String key) {
        if (!metadata.has(key)) {
            return 0;
        }
        long value = metadata.integer(key).orElseThrow(() -> wrongType(key, "an integer"));
        if (value < 0) {
            throw invalid.apply(key + " is " + metadata.shown.get(key) + "; it must not be negative");
        }
        return value;
    }

    /** The value of an integer key that must be at least 1, when present. */
    private OptionalLong atLeastOne(String key) {
        if (!metadata.has(key)) {
            return OptionalLong.empty();
        }
        long value = metadata.integer(key).orElseThrow(() -> wrongType(key, "an integer"));
        if (value < 1) {
            throw invalid.apply(key + " is " + metadata.shown.get(key) + "; it must be at least 1");
        }
        return OptionalLong.of(value);
    }

    private void epsilon(String key) {
        if (!metadata.has(key)) {
            return;
        }
        double value = metadata.floating(key).orElseThrow(() -> wrongType(key, "a float"));
        if (!Double.isFinite(value) || value < 0) {
            throw invalid.apply(key + " is " + metadata.shown.get(key) + "; a normalisation epsilon must be finite and not negative");
        }
        // llama.cpp accepts any such value, but one near 1 or above swamps the activations it guards:
        // the model then answers garbage without an error (real models use 1e-6 to 1e-5)
        if (value >= MAX_EPSILON) {
            throw invalid.apply(key + " is " + metadata.shown.get(key) + "; a normalisation epsilon must be below "
                    + MAX_EPSILON + " (real models use 1e-6 to 1e-5)");
        }
    }

    private InvalidModelFileException wrongType(String key, String expected) {
        return invalid.apply(metadata.typeMismatch(key, expected));
    }
}
