package io.futurnal.llm.bench;

import io.futurnal.llm.GenerationOptions;

/**
 * What each test class of the suite scenario asks its client to do, set by {@link SuiteWorker}
 * before the classes run. One small deterministic generation per class: the scenario measures
 * model loads, not generation speed.
 */
final class SuiteWorkload {
    private static volatile String prompt = "Once upon a time";
    private static volatile int maxTokens = 8;

    private SuiteWorkload() {
    }

    static void set(String newPrompt, int newMaxTokens) {
        prompt = newPrompt;
        maxTokens = newMaxTokens;
    }

    static String prompt() {
        return prompt;
    }

    static GenerationOptions options() {
        return GenerationOptions.deterministic().toBuilder().maxTokens(maxTokens).build();
    }
}
