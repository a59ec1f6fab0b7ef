package io.futurnal.llm.testing;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.ResponseFormat;

/**
 * Option presets for tests. All are deterministic: temperature 0 and a fixed seed, as
 * {@link GenerationOptions#deterministic()} defines them, so the same prompt gives the same text on
 * the same backend and model. A token limit keeps tests fast on slow machines.
 */
public final class LlmTestOptions {

    private LlmTestOptions() {
    }

    /** {@link GenerationOptions#deterministic()}: temperature 0, fixed seed, the backend's token limit. */
    public static GenerationOptions deterministic() {
        return GenerationOptions.deterministic();
    }

    /** Deterministic, stopping after at most {@code maxTokens} tokens. */
    public static GenerationOptions deterministic(int maxTokens) {
        return GenerationOptions.deterministic().toBuilder().maxTokens(maxTokens).build();
    }

    /** Deterministic, at most {@code maxTokens} tokens, answer constrained to JSON matching {@code schema}. */
    public static GenerationOptions deterministicJson(int maxTokens, String schema) {
        return deterministic(maxTokens).toBuilder().format(ResponseFormat.jsonSchema(schema)).build();
    }
}
