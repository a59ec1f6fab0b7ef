package io.futurnal.llm.bench;

import java.time.Duration;
import java.util.List;

/**
 * The options of one bench run, echoed in the report so it can be reproduced.
 *
 * @param scenario      what was run
 * @param backends      the backend ids asked for, or empty for every available one
 * @param model         the model asked for, or {@code null} for each backend's default
 * @param prompt        the prompt
 * @param maxTokens     tokens per measured generation
 * @param warmup        discarded generations and warm loads per JVM
 * @param runs          measured generations and warm loads per JVM
 * @param forks         child JVMs per backend (one cold load each)
 * @param suiteClasses  test classes in the suite scenario
 * @param suiteBackend  the backend the suite scenario runs on
 * @param timeout       the limit for each child JVM
 */
public record RunSettings(Scenario scenario, List<String> backends, String model, String prompt, int maxTokens,
                          int warmup, int runs, int forks, int suiteClasses, String suiteBackend, Duration timeout) {

    /** Copies the backend ids. */
    public RunSettings {
        backends = List.copyOf(backends);
    }

    /** What a bench run measures. */
    public enum Scenario {
        /** The test-suite scenario only: shared client against one client per class. */
        SUITE,
        /** Every backend side by side. */
        BACKENDS,
        /** Both. */
        ALL;

        boolean includesBackends() {
            return this != SUITE;
        }

        boolean includesSuite() {
            return this != BACKENDS;
        }
    }
}
