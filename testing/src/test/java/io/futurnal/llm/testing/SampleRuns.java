package io.futurnal.llm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.futurnal.llm.testing.fake.FakeBackend;
import io.futurnal.llm.testing.samples.KitOnly;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs sample classes through the Jupiter engine in-process and reads what happened. */
final class SampleRuns {

    private SampleRuns() {
    }

    /** Runs {@code classes} with strict mode explicitly off (so a CI environment variable cannot change the outcome). */
    static EngineExecutionResults run(Class<?>... classes) {
        return run(false, classes);
    }

    /** Runs {@code classes} with strict mode on. */
    static EngineExecutionResults runStrict(Class<?>... classes) {
        return run(true, classes);
    }

    private static EngineExecutionResults run(boolean strict, Class<?>... classes) {
        return run(Map.of(LlmExtension.STRICT, Boolean.toString(strict)), classes);
    }

    /** Runs {@code classes} with these extra configuration parameters. */
    static EngineExecutionResults run(Map<String, String> parameters, Class<?>... classes) {
        FakeBackend.reset();
        return EngineTestKit.engine("junit-jupiter")
                .selectors(Arrays.stream(classes).map(DiscoverySelectors::selectClass).toArray(DiscoverySelector[]::new))
                .configurationParameter(KitOnly.FLAG, "true")
                .configurationParameters(parameters)
                .execute();
    }

    /** The key-value pairs of every report entry published during the run. */
    static List<Map<String, String>> reportEntries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .toList();
    }

    /** The reasons of these skipped events, in order. */
    static List<String> skipReasons(Events skipped) {
        return skipped.map(e -> e.getRequiredPayload(String.class)).toList();
    }

    /** The single reason of these skipped events. */
    static String onlySkipReason(Events skipped) {
        List<String> all = skipReasons(skipped);
        assertEquals(1, all.size(), () -> "expected one skip, got " + all);
        return all.get(0);
    }

    /** The throwables of these finished events, in order. */
    static List<Throwable> throwables(Events finished) {
        return finished.map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow()).toList();
    }

    /** The single throwable of these finished events. */
    static Throwable onlyThrowable(Events finished) {
        List<Throwable> all = throwables(finished);
        assertEquals(1, all.size(), () -> "expected one throwable, got " + all);
        return all.get(0);
    }
}
