package io.futurnal.llm.bench;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What each test class of the suite scenario asks its client to do, set by {@link SuiteWorker}
 * before the classes run. One small deterministic generation per class: the scenario measures
 * model loads, not generation speed.
 */
public final class SuiteWorkload {
    private static volatile String prompt = "Once upon a time";
    private static volatile int maxTokens = 8;
    private static final AtomicInteger LOADS_REPORTED = new AtomicInteger();

    private SuiteWorkload() {
    }

    static void set(String newPrompt, int newMaxTokens) {
        prompt = newPrompt;
        maxTokens = newMaxTokens;
    }

    public static String prompt() {
        return prompt;
    }

    /** Counts {@code result} as a model load when the backend reported time spent loading for it. */
    public static void record(GenerationResult result) {
        if (!result.metrics().loadDuration().isZero()) {
            LOADS_REPORTED.incrementAndGet();
        }
    }

    /** Generations so far whose backend reported a model load. */
    public static int loadsReported() {
        return LOADS_REPORTED.get();
    }

    public static GenerationOptions options() {
        return GenerationOptions.deterministic().toBuilder().maxTokens(maxTokens).build();
    }
}
