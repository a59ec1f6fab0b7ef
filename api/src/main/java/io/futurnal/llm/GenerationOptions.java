package io.futurnal.llm;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to generate: sampling, limits, format and an optional system prompt. Immutable; build one
 * with {@link #builder()}. A {@code null} component means "the backend's default".
 *
 * @param systemPrompt instructions placed before the prompt or chat
 * @param temperature  0 for greedy decoding; higher is more random
 * @param seed         random seed for reproducible sampling
 * @param maxTokens    most tokens to generate
 * @param stop         strings that end generation (not included in the text)
 * @param topK         sample from the k most likely tokens
 * @param topP         sample from the smallest set of tokens whose probability reaches p
 * @param format       text, JSON, or JSON matching a schema
 * @param timeout      total time the whole call may take; {@code null} means no limit
 * @param extra        backend-specific options passed through as they are (for Ollama:
 *                     {@code num_ctx}, {@code keep_alive}, ...)
 * @param think        whether a reasoning model should reason first, and how hard; {@code null}
 *                     leaves it to the server
 */
public record GenerationOptions(
        String systemPrompt,
        Double temperature,
        Long seed,
        Integer maxTokens,
        List<String> stop,
        Integer topK,
        Double topP,
        ResponseFormat format,
        Duration timeout,
        Map<String, Object> extra,
        Think think) {

    /** Every value left to the backend. */
    public static final GenerationOptions DEFAULTS = builder().build();

    /**
     * Checks every value set (temperature 0 or more, maxTokens and topK at least 1, topP in (0, 1],
     * non-empty stop strings, positive timeout) and throws {@link InvalidRequestException} otherwise;
     * null stop, extra and format become empty or {@link ResponseFormat#TEXT}.
     */
    public GenerationOptions {
        stop = stop == null ? List.of() : List.copyOf(stop);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        format = Objects.requireNonNullElse(format, ResponseFormat.TEXT);
        if (temperature != null && (temperature < 0 || temperature.isNaN())) {
            throw new InvalidRequestException("temperature must be 0 or more; got " + temperature);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new InvalidRequestException("maxTokens must be at least 1; got " + maxTokens);
        }
        if (topK != null && topK < 1) {
            throw new InvalidRequestException("topK must be at least 1; got " + topK);
        }
        if (topP != null && !(topP > 0 && topP <= 1)) {
            throw new InvalidRequestException("topP must be in (0, 1]; got " + topP);
        }
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new InvalidRequestException("stop strings must not be empty");
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new InvalidRequestException("timeout must be positive; got " + timeout);
        }
        if (think != null && extra.containsKey("think")) {
            throw new InvalidRequestException("think is set twice: in GenerationOptions.think and in extra 'think'; keep the first");
        }
    }

    /**
     * Options as they were written before {@code think} existed: every value but {@code think},
     * which stays unset.
     */
    public GenerationOptions(String systemPrompt, Double temperature, Long seed, Integer maxTokens, List<String> stop,
                             Integer topK, Double topP, ResponseFormat format, Duration timeout, Map<String, Object> extra) {
        this(systemPrompt, temperature, seed, maxTokens, stop, topK, topP, format, timeout, extra, null);
    }

    /**
     * Checks that a client with {@code capabilities} can honour these options: a JSON or schema
     * format needs {@link Capability#JSON_FORMAT} or {@link Capability#JSON_SCHEMA}, thinking
     * switched on needs {@link Capability#REASONING}.
     *
     * @param who names the backend and model in the message, e.g. "the hf backend with model stories260K"
     * @throws UnsupportedCapabilityException naming the first capability missing
     */
    public void requireSupportedBy(java.util.Set<Capability> capabilities, String who) {
        if (format instanceof ResponseFormat.Json && !capabilities.contains(Capability.JSON_FORMAT)) {
            throw new UnsupportedCapabilityException(Capability.JSON_FORMAT, who + " has no constrained JSON output;"
                    + " drop ResponseFormat.JSON or use a backend that lists JSON_FORMAT in capabilities()");
        }
        if (format instanceof ResponseFormat.JsonSchema && !capabilities.contains(Capability.JSON_SCHEMA)) {
            throw new UnsupportedCapabilityException(Capability.JSON_SCHEMA, who + " has no JSON-schema output;"
                    + " drop the schema format or use a backend that lists JSON_SCHEMA in capabilities()");
        }
        if (think != null && think.enabled() && !capabilities.contains(Capability.REASONING)) {
            throw new UnsupportedCapabilityException(Capability.REASONING, who + " does not support thinking;"
                    + " leave GenerationOptions.think unset or use a reasoning model");
        }
    }

    /** Greedy decoding with a fixed seed: the same prompt gives the same text on the same backend. */
    public static GenerationOptions deterministic() {
        return builder().temperature(0.0).seed(42L).build();
    }

    /** A builder with every value left to the backend. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options, to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.systemPrompt = systemPrompt;
        b.temperature = temperature;
        b.seed = seed;
        b.maxTokens = maxTokens;
        b.stop = stop;
        b.topK = topK;
        b.topP = topP;
        b.format = format;
        b.timeout = timeout;
        b.extra = extra;
        b.think = think;
        return b;
    }

    /** Builds {@link GenerationOptions}; values are checked by {@link #build()}. */
    public static final class Builder {
        private String systemPrompt;
        private Double temperature;
        private Long seed;
        private Integer maxTokens;
        private List<String> stop = List.of();
        private Integer topK;
        private Double topP;
        private ResponseFormat format = ResponseFormat.TEXT;
        private Duration timeout;
        private Map<String, Object> extra = Map.of();
        private Think think;

        private Builder() {
        }

        /** Instructions placed before the prompt or chat; {@code null} for none. */
        public Builder systemPrompt(String systemPrompt) {
            this.systemPrompt = systemPrompt;
            return this;
        }

        /** Sampling temperature, 0 or more: 0 is greedy decoding, higher is more random. */
        public Builder temperature(Double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Random seed, for sampling that repeats from run to run. */
        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        /** Most tokens to generate, at least 1. */
        public Builder maxTokens(Integer maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /** Strings that end generation, none of them empty; they are left out of the text. */
        public Builder stop(List<String> stop) {
            this.stop = stop;
            return this;
        }

        /** Strings that end generation, none of them empty; they are left out of the text. */
        public Builder stop(String... stop) {
            this.stop = List.of(stop);
            return this;
        }

        /** Sample only from the k most likely tokens; at least 1. */
        public Builder topK(Integer topK) {
            this.topK = topK;
            return this;
        }

        /** Sample only from the smallest set of tokens whose probability reaches p, in (0, 1]. */
        public Builder topP(Double topP) {
            this.topP = topP;
            return this;
        }

        /** The shape of the answer: text (the default), JSON, or JSON matching a schema. */
        public Builder format(ResponseFormat format) {
            this.format = format;
            return this;
        }

        /** Total time the whole call may take, positive; {@code null} means no limit. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Replaces all backend-specific options. */
        public Builder extra(Map<String, Object> extra) {
            this.extra = extra;
            return this;
        }

        /** Adds one backend-specific option. */
        public Builder extra(String key, Object value) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>(extra);
            copy.put(key, value);
            this.extra = copy;
            return this;
        }

        /** Whether to reason first and how hard ({@link Think#ON}, {@link Think#OFF}, {@link Think#of}); {@code null} for the server's default. */
        public Builder think(Think think) {
            this.think = think;
            return this;
        }

        /** Reason first at {@code level}. */
        public Builder think(ThinkLevel level) {
            return think(Think.of(level));
        }

        /** Checks the values and builds the options; throws {@link InvalidRequestException} for a bad value. */
        public GenerationOptions build() {
            return new GenerationOptions(systemPrompt, temperature, seed, maxTokens, stop, topK, topP, format, timeout, extra, think);
        }
    }
}
