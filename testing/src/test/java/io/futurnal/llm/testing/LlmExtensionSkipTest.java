package io.futurnal.llm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.ProbeOutcome;
import io.futurnal.llm.UnsupportedCapabilityException;
import io.futurnal.llm.testing.fake.FakeBackend;
import io.futurnal.llm.testing.fake.FakeDownProvider;
import io.futurnal.llm.testing.samples.BadFieldSample;
import io.futurnal.llm.testing.samples.BrokenModelSample;
import io.futurnal.llm.testing.samples.ContradictorySample;
import io.futurnal.llm.testing.samples.NeedsEmbeddingsSample;
import io.futurnal.llm.testing.samples.UnavailableConstructorSample;
import io.futurnal.llm.testing.samples.UnavailableSampleA;
import io.futurnal.llm.testing.samples.UnavailableSampleB;
import io.futurnal.llm.testing.samples.UnknownBackendSample;
import io.futurnal.llm.testing.samples.UnlinkableSample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.TestAbortedException;

/** When there is no usable client: skipped with the reason, failed in strict mode, failed when the setup is broken. */
class LlmExtensionSkipTest {

    @Test
    void anUnavailableBackendSkipsTheClassesWithTheDetectionReportAsTheReason() {
        EngineExecutionResults results = SampleRuns.run(UnavailableSampleA.class, UnavailableSampleB.class);

        results.testEvents().assertStatistics(s -> s.started(0).failed(0));
        results.containerEvents().assertStatistics(s -> s.skipped(2).aborted(0).failed(0));
        for (String message : SampleRuns.skipReasons(results.containerEvents().skipped())) {
            assertTrue(message.contains("backend 'fake-down'"), message);
            assertTrue(message.contains(FakeDownProvider.REASON), message);
            assertTrue(message.contains("BACKEND") && message.contains("chosen: none"), "the report table: " + message);
            assertTrue(message.contains(LlmExtension.STRICT), "says how to make it fail: " + message);
        }
        assertEquals(1, FakeBackend.downProbes(), "the failure is remembered, not probed again for the second class");
        assertEquals(0, FakeBackend.created());
    }

    @Test
    void strictModeFailsInsteadOfSkipping() {
        EngineExecutionResults results = SampleRuns.runStrict(UnavailableSampleA.class, UnavailableSampleB.class);

        results.containerEvents().assertStatistics(s -> s.aborted(0).failed(2));
        List<Throwable> failures = SampleRuns.throwables(results.containerEvents().failed());
        for (Throwable failure : failures) {
            BackendUnavailableException e = assertInstanceOf(BackendUnavailableException.class, failure);
            assertTrue(e.getMessage().contains(FakeDownProvider.REASON), e.getMessage());
            assertTrue(e.getMessage().contains("Strict mode is on"), e.getMessage());
            assertEquals(ProbeOutcome.Status.UNAVAILABLE, e.report().orElseThrow().outcome("fake-down").orElseThrow().status());
        }
        assertTrue(failures.get(0) != failures.get(1), "each class gets its own exception instance");
        assertEquals(1, FakeBackend.downProbes());
    }

    @Test
    void withJUnitConditionsDeactivatedTheClassIsAbortedInstead() {
        EngineExecutionResults results = SampleRuns.run(Map.of("junit.jupiter.conditions.deactivate", LlmExtension.class.getName(),
                LlmExtension.STRICT, "false"), UnavailableSampleA.class, UnavailableConstructorSample.class);
        results.testEvents().assertStatistics(s -> s.started(0));
        results.containerEvents().assertStatistics(s -> s.skipped(0).aborted(2).failed(0));
        for (Throwable reason : SampleRuns.throwables(results.containerEvents().aborted())) {
            assertInstanceOf(TestAbortedException.class, reason);
            assertTrue(reason.getMessage().contains(FakeDownProvider.REASON), reason.getMessage());
        }
    }

    @Test
    void constructorInjectionWithPerClassLifecycleIsSkippedBeforeConstruction() {
        EngineExecutionResults results = SampleRuns.run(UnavailableConstructorSample.class);
        results.containerEvents().assertStatistics(s -> s.skipped(1).failed(0));
        results.testEvents().assertStatistics(s -> s.started(0));
    }

    @Test
    void aBackendThatIsNotInstalledSkipsAndListsTheInstalledOnes() {
        EngineExecutionResults results = SampleRuns.run(UnknownBackendSample.class);
        String reason = SampleRuns.onlySkipReason(results.containerEvents().skipped());
        assertTrue(reason.contains("'nope', which is not installed"), reason);
        assertTrue(reason.contains("fake-second"), reason);

        Throwable strict = SampleRuns.onlyThrowable(SampleRuns.runStrict(UnknownBackendSample.class).containerEvents().failed());
        assertInstanceOf(ConfigurationException.class, strict);
    }

    @Test
    void aMissingCapabilitySkipsOrFailsInStrictMode() {
        String reason = SampleRuns.onlySkipReason(SampleRuns.run(NeedsEmbeddingsSample.class).containerEvents().skipped());
        assertTrue(reason.contains("requires [EMBEDDINGS]"), reason);
        assertTrue(reason.contains("it has [CHAT, JSON_FORMAT]"), reason);

        Throwable strict = SampleRuns.onlyThrowable(SampleRuns.runStrict(NeedsEmbeddingsSample.class).containerEvents().failed());
        assertEquals(Capability.EMBEDDINGS, assertInstanceOf(UnsupportedCapabilityException.class, strict).capability());
    }

    @Test
    void aBrokenModelFailsEvenWithoutStrictMode() {
        EngineExecutionResults results = SampleRuns.run(BrokenModelSample.class);
        Throwable failure = SampleRuns.onlyThrowable(results.containerEvents().failed());
        assertInstanceOf(LlmException.class, failure);
        assertInstanceOf(InvalidModelFileException.class, failure.getCause());
        assertTrue(failure.getMessage().contains("broken setup"), failure.getMessage());
    }

    @Test
    void aNativeLinkErrorFailsTheClassCleanly() {
        EngineExecutionResults results = SampleRuns.run(UnlinkableSample.class);
        Throwable failure = SampleRuns.onlyThrowable(results.containerEvents().failed());
        assertInstanceOf(LlmException.class, failure);
        assertInstanceOf(UnsatisfiedLinkError.class, failure.getCause().getCause());
        assertTrue(failure.getMessage().contains("could not load its native code"), failure.getMessage());
    }

    @Test
    void contradictorySettingsFail() {
        Throwable failure = SampleRuns.onlyThrowable(SampleRuns.run(ContradictorySample.class).containerEvents().failed());
        assertInstanceOf(ExtensionConfigurationException.class, failure);
        assertTrue(failure.getMessage().contains("fast = true and model = \"other\""), failure.getMessage());
    }

    @Test
    void anInjectLlmFieldOfTheWrongTypeFails() {
        EngineExecutionResults results = SampleRuns.run(BadFieldSample.class);
        Throwable failure = SampleRuns.onlyThrowable(results.testEvents().failed());
        assertInstanceOf(ExtensionConfigurationException.class, failure);
        assertTrue(failure.getMessage().contains("BadFieldSample.notAClient has type java.lang.String"), failure.getMessage());
    }
}
