package io.futurnal.llm.bench;

/**
 * The test-suite scenario: the same N test classes run once with one shared client and once with
 * a client per class, each in a fresh JVM.
 *
 * @param backend  the backend the classes ran on
 * @param classes  how many test classes
 * @param method   how the classes were run: {@code junit-platform} (real classes through the JUnit
 *                 launcher and the testing module's extension) or {@code simulated} (the same client
 *                 calls made directly through {@code LlmClients})
 * @param shared   the run with one shared client
 * @param perClass the run with one client per class
 * @param note     how the scenario made every per-class client really load the model
 */
public record SuiteResult(String backend, int classes, String method, SuiteRun shared, SuiteRun perClass, String note) {

    /** How many times longer the per-class run took than the shared one, or NaN when either failed. */
    public double slowdown() {
        if (!shared.succeeded() || !perClass.succeeded() || shared.wallMs() <= 0) {
            return Double.NaN;
        }
        return perClass.wallMs() / shared.wallMs();
    }

    /**
     * One run of the N classes.
     *
     * @param mode           {@code shared} or {@code per-class}
     * @param wallMs         wall time from the first class's start to the end of the run (clients closed)
     * @param startupMs      time before the first class started: JUnit discovery and engine start-up
     * @param clientsCreated clients created (see the scenario's note on why each one loads the model)
     * @param loadsReported  generations whose backend reported time spent loading the model for them
     * @param classMs        wall time of each test class, in run order
     * @param testsSucceeded tests that passed
     * @param testsFailed    tests that failed
     * @param testsSkipped   tests skipped or aborted (no backend, for example)
     * @param error          why the run failed, else {@code null}
     */
    public record SuiteRun(String mode, double wallMs, double startupMs, int clientsCreated, int loadsReported, java.util.List<Double> classMs,
                           int testsSucceeded, int testsFailed, int testsSkipped, String error) {

        /** Copies the per-class times; null becomes an empty list. */
        public SuiteRun {
            classMs = classMs == null ? java.util.List.of() : java.util.List.copyOf(classMs);
        }

        /** Whether every test ran and passed. */
        public boolean succeeded() {
            return error == null && testsFailed == 0 && testsSkipped == 0 && testsSucceeded > 0;
        }

        static SuiteRun failed(String mode, String error) {
            return new SuiteRun(mode, Double.NaN, 0, 0, 0, java.util.List.of(), 0, 0, 0, error);
        }
    }
}
