package io.futurnal.llm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ModelRegistry;
import io.futurnal.llm.testing.fake.FakeBackend;
import io.futurnal.llm.testing.fake.FakeClient;
import io.futurnal.llm.testing.samples.AutoFallthroughSample;
import io.futurnal.llm.testing.samples.EmbeddingsSample;
import io.futurnal.llm.testing.samples.FastSample;
import io.futurnal.llm.testing.samples.PerClassSampleA;
import io.futurnal.llm.testing.samples.PerClassSampleB;
import io.futurnal.llm.testing.samples.SharedSampleA;
import io.futurnal.llm.testing.samples.SharedSampleB;
import io.futurnal.llm.testing.samples.SharedSampleC;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The client's life cycle, injection and report entries, checked by running sample classes. */
class LlmExtensionSharingTest {

    @Test
    void sharedScopeCreatesOneClientForSeveralClassesAndClosesItAtTheEndOfTheRun() {
        int before = LlmExtension.clientsCreated();
        EngineExecutionResults results = SampleRuns.run(SharedSampleA.class, SharedSampleB.class, SharedSampleC.class);

        // A: 2 tests, B: 2, C: 1 plus 1 in its @Nested class
        results.testEvents().assertStatistics(s -> s.started(6).succeeded(6).failed(0).aborted(0));
        assertEquals(1, FakeBackend.created(), FakeBackend.events()::toString);
        assertEquals(1, LlmExtension.clientsCreated() - before);
        assertEquals(1, FakeBackend.closed(), "the shared client is closed when the run ends");

        List<String> events = FakeBackend.events();
        List<String> tests = events.stream().filter(e -> e.startsWith("test ")).toList();
        assertEquals(6, tests.size(), events::toString);
        assertTrue(tests.stream().allMatch(e -> e.endsWith(" #1")), () -> "every position sees client #1: " + events);
        assertEquals("created fake/shared-model#1", events.get(0));
        assertEquals("closed fake/shared-model#1", events.get(events.size() - 1), "closed only after the last test");
    }

    @Test
    void everyInjectionPositionIsCovered() {
        SampleRuns.run(SharedSampleA.class, SharedSampleB.class, SharedSampleC.class);
        Set<String> positions = FakeBackend.events().stream()
                .filter(e -> e.startsWith("test "))
                .map(e -> e.substring("test ".length(), e.lastIndexOf(' ')))
                .collect(Collectors.toSet());
        // instance field + method parameter, constructor (default and PER_CLASS lifecycle), @BeforeAll parameter, @Nested field
        assertEquals(Set.of("SharedSampleA.field", "SharedSampleA.generates", "SharedSampleB.constructor",
                "SharedSampleB.afterClose", "SharedSampleC.constructor", "SharedSampleC.Inner"), positions);
    }

    @Test
    void perClassScopeGivesEachClassItsOwnClientAndClosesItWhenTheClassEnds() {
        int before = LlmExtension.clientsCreated();
        EngineExecutionResults results = SampleRuns.run(PerClassSampleA.class, PerClassSampleB.class);

        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
        assertEquals(2, FakeBackend.created());
        assertEquals(2, LlmExtension.clientsCreated() - before);
        assertEquals(2, FakeBackend.closed());

        List<String> events = FakeBackend.events();
        Map<String, Set<String>> serialsByClass = events.stream()
                .filter(e -> e.startsWith("test "))
                .collect(Collectors.groupingBy(e -> e.substring(5, e.indexOf('.')),
                        Collectors.mapping(e -> e.substring(e.lastIndexOf('#')), Collectors.toSet())));
        assertEquals(Set.of("PerClassSampleA", "PerClassSampleB"), serialsByClass.keySet());
        assertEquals(1, serialsByClass.get("PerClassSampleA").size(), "one client within a class");
        assertEquals(1, serialsByClass.get("PerClassSampleB").size(), "one client within a class");
        assertNotEquals(serialsByClass.get("PerClassSampleA"), serialsByClass.get("PerClassSampleB"));

        // whichever class ran first, its client was closed before the second class's client was created
        assertEquals(List.of("created", "test", "test", "closed", "created", "test", "test", "closed"),
                events.stream().map(e -> e.substring(0, e.indexOf(' '))).toList(), events::toString);
    }

    @Test
    void sharedAndPerClassClientsAreSeparate() {
        EngineExecutionResults results = SampleRuns.run(SharedSampleA.class, PerClassSampleA.class);
        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
        assertEquals(2, FakeBackend.created());
        assertEquals(2, FakeBackend.closed());
    }

    @Test
    void backendAndModelArePublishedInTheReport() {
        EngineExecutionResults results = SampleRuns.run(SharedSampleA.class, SharedSampleB.class);
        List<Map<String, String>> entries = SampleRuns.reportEntries(results);

        assertEquals(2, entries.size(), entries::toString);
        for (Map<String, String> entry : entries) {
            assertEquals("fake", entry.get(LlmExtension.REPORT_BACKEND));
            assertEquals("shared-model", entry.get(LlmExtension.REPORT_MODEL));
            assertEquals("shared", entry.get(LlmExtension.REPORT_SCOPE));
        }
        assertEquals(List.of("created", "reused"),
                entries.stream().map(e -> e.get(LlmExtension.REPORT_CLIENT)).sorted().toList());
    }

    @Test
    void fastAsksForTheSmallestShippedModel() {
        EngineExecutionResults results = SampleRuns.run(FastSample.class);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(ModelRegistry.FAST_MODEL, SampleRuns.reportEntries(results).get(0).get(LlmExtension.REPORT_MODEL));
    }

    @Test
    void autoDetectionMovesOnWhenTheTopBackendLacksTheModel() {
        EngineExecutionResults results = SampleRuns.run(AutoFallthroughSample.class);

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Map<String, String> entry = SampleRuns.reportEntries(results).get(0);
        assertEquals("fake-second", entry.get(LlmExtension.REPORT_BACKEND));
        assertTrue(entry.get("llm.refused").startsWith("fake: model 'missing-on-fake' not found"), entry::toString);
        List<FakeClient> clients = FakeBackend.clients();
        assertEquals(1, clients.size(), "the backend that refused created nothing");
    }

    @Test
    void aRequiredCapabilityThatIsPresentLetsTheClassRun() {
        SampleRuns.run(EmbeddingsSample.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }
}
