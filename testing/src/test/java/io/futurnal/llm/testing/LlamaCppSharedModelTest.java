package io.futurnal.llm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ModelRegistry;
import io.futurnal.llm.llamacpp.LlamaCppRuntime;
import io.futurnal.llm.testing.samples.LlamaSampleA;
import io.futurnal.llm.testing.samples.LlamaSampleB;
import io.futurnal.llm.testing.samples.LlamaSampleC;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The "done when": a suite of several classes on the shipped model through llama.cpp
 * loads it once. Runs the three sample classes in strict mode, so a missing backend fails here
 * instead of hiding behind a skip.
 */
class LlamaCppSharedModelTest {

    @Test
    void threeClassesOnTheShippedModelLoadItOnce() {
        int clientsBefore = LlmExtension.clientsCreated();
        long loadsBefore = LlamaCppRuntime.nativeLoadCount();

        EngineExecutionResults results = SampleRuns.runStrict(LlamaSampleA.class, LlamaSampleB.class, LlamaSampleC.class);

        assertEquals(List.of(), SampleRuns.throwables(results.allEvents().failed()).stream().map(Throwable::toString).toList());
        results.containerEvents().assertStatistics(s -> s.skipped(0).aborted(0).failed(0));
        results.testEvents().assertStatistics(s -> s.started(5).succeeded(5));
        assertEquals(1, LlmExtension.clientsCreated() - clientsBefore, "one client for the three classes");
        // nothing else in this module's test JVM loads a llama.cpp model, so the run's own load shows as exactly one
        assertEquals(1, LlamaCppRuntime.nativeLoadCount() - loadsBefore, "one native model load for the three classes");

        List<Map<String, String>> entries = SampleRuns.reportEntries(results);
        assertEquals(3, entries.size(), entries::toString);
        for (Map<String, String> entry : entries) {
            assertEquals("llamacpp", entry.get(LlmExtension.REPORT_BACKEND));
            assertTrue(entry.get(LlmExtension.REPORT_MODEL).toLowerCase().contains(ModelRegistry.FAST_MODEL), entry::toString);
        }
        assertEquals(List.of("created", "reused", "reused"),
                entries.stream().map(e -> e.get(LlmExtension.REPORT_CLIENT)).sorted().toList());
    }
}
