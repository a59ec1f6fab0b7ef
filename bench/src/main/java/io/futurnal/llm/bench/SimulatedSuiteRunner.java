package io.futurnal.llm.bench;

import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.bench.SuiteResult.SuiteRun;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The suite scenario without JUnit: the same client calls the sample test classes of {@code futurnal-llm-bench-suite} make,
 * made directly through {@link LlmClients}. Used, and labelled {@code simulated}, only when JUnit
 * or the testing module is missing from the class path.
 */
final class SimulatedSuiteRunner {
    private SimulatedSuiteRunner() {
    }

    static SuiteRun run(String mode, boolean shared, int classes, LlmConfig config, Consumer<String> onClassDone) {
        List<Double> classMs = new ArrayList<>();
        int created = 0;
        int passed = 0;
        long start = System.nanoTime();
        LlmClient sharedClient = null;
        try {
            for (int i = 1; i <= classes; i++) {
                long classStart = System.nanoTime();
                LlmClient client;
                if (!shared) {
                    client = LlmClients.create(config);
                    created++;
                } else {
                    if (sharedClient == null) {
                        sharedClient = LlmClients.create(config);
                        created++;
                    }
                    client = sharedClient;
                }
                try {
                    GenerationResult r = client.generate(SuiteWorkload.prompt(), SuiteWorkload.options());
                    SuiteWorkload.record(r);
                    if (!r.text().isBlank()) {
                        passed++;
                    }
                } finally {
                    if (!shared) {
                        client.close();
                    }
                }
                classMs.add((System.nanoTime() - classStart) / 1e6);
                onClassDone.accept("class " + i);
            }
        } catch (RuntimeException e) {
            return SuiteRun.failed(mode, ChildProtocol.describe(e));
        } finally {
            if (sharedClient != null) {
                sharedClient.close();
            }
        }
        double wallMs = (System.nanoTime() - start) / 1e6;
        return new SuiteRun(mode, wallMs, 0, created, SuiteWorkload.loadsReported(), classMs, passed, classes - passed, 0, null);
    }
}
