package io.futurnal.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.fakes.EchoClient;
import io.futurnal.llm.spi.LlmBackendProvider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {

    private final BackendSelector selector = BackendSelector.fromClasspath();

    @Test
    void discoversProvidersThroughMetaInfServicesInPriorityOrderWithTiesById() {
        List<String> ids = selector.providers().stream().map(LlmBackendProvider::id).toList();
        assertEquals(List.of("gamma", "alpha", "beta"), ids);
    }

    @Test
    void aBrokenServiceEntryIsReportedNotFatal() {
        assertEquals(1, selector.loadErrors().size());
        assertTrue(selector.loadErrors().get(0).contains("DoesNotExist"), selector.loadErrors().toString());
        DetectionReport report = selector.detect(TestConfigs.withEnv().build());
        assertTrue(report.toTable().contains("could not be loaded"), report.toTable());
    }

    @Test
    void autoPicksTheHighestPriorityAvailableBackend() {
        LlmConfig config = TestConfigs.withEnv("TEST_ALPHA_AVAILABLE", "true", "TEST_BETA_AVAILABLE", "true").build();
        BackendSelector.Selection selection = selector.select(config);
        assertEquals("alpha", selection.provider().id());
        assertEquals("gamma is scripted unavailable", selection.report().outcome("gamma").orElseThrow().reason());
        assertEquals(ProbeOutcome.Status.UNAVAILABLE, selection.report().outcome("gamma").orElseThrow().status());

        LlmConfig all = TestConfigs.withEnv("TEST_ALPHA_AVAILABLE", "true", "TEST_GAMMA_AVAILABLE", "true").build();
        assertEquals("gamma", selector.select(all).provider().id());
    }

    @Test
    void tiesAreBrokenByIdDeterministically() {
        LlmConfig config = TestConfigs.withEnv("TEST_ALPHA_AVAILABLE", "true", "TEST_BETA_AVAILABLE", "true").build();
        for (int i = 0; i < 5; i++) {
            assertEquals("alpha", BackendSelector.fromClasspath().select(config).provider().id());
        }
    }

    @Test
    void explicitIdOrAliasOverridesPriorityAndSkipsOtherProbes() {
        LlmConfig byId = TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", "beta", "TEST_BETA_AVAILABLE", "true",
                "TEST_GAMMA_AVAILABLE", "true").build();
        BackendSelector.Selection s = selector.select(byId);
        assertEquals("beta", s.provider().id());
        assertEquals(ProbeOutcome.Status.SKIPPED, s.report().outcome("gamma").orElseThrow().status());

        LlmConfig byAlias = TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", "First", "TEST_ALPHA_AVAILABLE", "true").build();
        assertEquals("alpha", selector.select(byAlias).provider().id());
    }

    @Test
    void anUnknownIdListsTheValidChoices() {
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", "nope").build();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> selector.select(config));
        assertTrue(e.getMessage().contains("environment variable FUTURNAL_LLM_BACKEND"), e.getMessage());
        assertTrue(e.getMessage().contains("Valid choices: auto, gamma (g), alpha (first), beta"), e.getMessage());
    }

    @Test
    void aMissingBackendSaysToAddItsJarAndKeepsTheLoadErrors() {
        // api names no backend: the message lists what the selector found, including what failed to load
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", "ollama").build();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> selector.select(config));
        assertTrue(e.getMessage().contains("add the jar that provides it"), e.getMessage());
        assertTrue(e.getMessage().contains("DoesNotExist"), e.getMessage());
    }

    @Test
    void anExplicitButUnavailableBackendGivesItsReason() {
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", "gamma").build();
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> selector.select(config));
        assertTrue(e.getMessage().contains("gamma is scripted unavailable"), e.getMessage());
        assertTrue(e.report().isPresent());
    }

    @Test
    void everyBackendUnavailableFailsWithTheWholeReport() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> selector.select(TestConfigs.withEnv().build()));
        assertTrue(e.getMessage().contains("no LLM backend is available"), e.getMessage());
        for (String id : List.of("alpha", "beta", "gamma")) {
            assertTrue(e.getMessage().contains(id + " is scripted unavailable"), e.getMessage());
        }
    }

    @Test
    void noProviderAtAllSaysWhichJarToAdd() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> BackendSelector.of(List.of()).select(TestConfigs.withEnv().build()));
        assertTrue(e.getMessage().contains("add a backend jar"), e.getMessage());
    }

    @Test
    void aHangingProbeIsCutAtTheDeadlineAndReportedAsTimedOut() {
        LlmConfig config = TestConfigs.withEnv("TEST_GAMMA_HANG", "true", "TEST_ALPHA_AVAILABLE", "true",
                "FUTURNAL_LLM_DETECT_TIMEOUT", "200ms").build();
        long start = System.nanoTime();
        BackendSelector.Selection s = selector.select(config);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals("alpha", s.provider().id());
        ProbeOutcome gamma = s.report().outcome("gamma").orElseThrow();
        assertEquals(ProbeOutcome.Status.TIMED_OUT, gamma.status());
        assertTrue(gamma.reason().startsWith("timed out"), gamma.reason());
        assertTrue(took.toMillis() < 1500, "detection took " + took);
        assertTrue(s.report().toTable().contains("timed out"));
    }

    @Test
    void aThrowingProbeIsReportedAsFailed() {
        LlmConfig config = TestConfigs.withEnv("TEST_BETA_THROW", "true").build();
        ProbeOutcome beta = selector.detect(config).outcome("beta").orElseThrow();
        assertEquals(ProbeOutcome.Status.FAILED, beta.status());
        assertTrue(beta.reason().contains("probe exploded"), beta.reason());
    }

    @Test
    void probesRunInParallelUnderOneDeadline() {
        // three hanging probes must cost one deadline, not three
        LlmConfig config = TestConfigs.withEnv("TEST_ALPHA_HANG", "true", "TEST_BETA_HANG", "true",
                "TEST_GAMMA_HANG", "true", "FUTURNAL_LLM_DETECT_TIMEOUT", "300ms").build();
        DetectionReport report = selector.detect(config);
        assertTrue(report.elapsed().toMillis() < 800, "took " + report.elapsed());
        assertTrue(report.chosen().isEmpty());
        assertTrue(report.outcomes().stream().filter(o -> !o.id().equals("(broken)"))
                .allMatch(o -> o.status() == ProbeOutcome.Status.TIMED_OUT));
    }

    @Test
    void theTableMarksTheChosenBackend() {
        LlmConfig config = TestConfigs.withEnv("TEST_BETA_AVAILABLE", "true").build();
        String table = selector.detect(config).toTable();
        assertTrue(table.lines().anyMatch(l -> l.startsWith("->") && l.contains("beta")), table);
        assertTrue(table.contains("chosen: beta"), table);
    }

    @Test
    void llmClientsCreatesTheChosenBackendsClient() {
        LlmConfig config = TestConfigs.withEnv("TEST_ALPHA_AVAILABLE", "true", "FUTURNAL_PRODUCTION_LLM", "m1").build();
        try (LlmClient client = LlmClients.create(config)) {
            assertInstanceOf(EchoClient.class, client);
            assertEquals(new BackendInfo("alpha", "m1"), client.info());
            assertEquals("hello world", client.generate("hello world").text());
        }
    }

    @Test
    void detectionWithExplicitUnavailableChoiceChoosesNothing() {
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", "gamma", "TEST_ALPHA_AVAILABLE", "true").build();
        DetectionReport report = selector.detect(config);
        assertFalse(report.chosen().isPresent());
        assertEquals("gamma", report.requested());
    }

    @Test
    void aTypedProblemOnTheAskedForBackendIsThrownAsItIs() {
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", "gamma", "TEST_GAMMA_CORRUPT", "true").build();
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> selector.select(config));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aMisconfiguredBackendRankedAboveTheChosenOneStopsAuto() {
        // the user set a value gamma cannot use: falling silently to alpha would hide it
        LlmConfig config = TestConfigs.withEnv("TEST_GAMMA_MISCONFIGURED", "true", "TEST_ALPHA_AVAILABLE", "true").build();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> selector.select(config));
        assertTrue(e.getMessage().contains("FUTURNAL_GAMMA_THING"), e.getMessage());
    }

    @Test
    void aMisconfiguredBackendRankedBelowTheChosenOneDoesNotStopAuto() {
        LlmConfig config = TestConfigs.withEnv("TEST_GAMMA_AVAILABLE", "true", "TEST_ALPHA_MISCONFIGURED", "true").build();
        BackendSelector.Selection selection = selector.select(config);
        assertEquals("gamma", selection.provider().id());
        assertEquals(ProbeOutcome.Status.FAILED, selection.report().outcome("alpha").orElseThrow().status());
    }

    @Test
    void whenNothingIsAvailableAutoThrowsTheHighestRankedTypedProblem() {
        LlmConfig config = TestConfigs.withEnv("TEST_ALPHA_CORRUPT", "true").build();
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> selector.select(config));
        assertTrue(e.getMessage().contains("alpha.bin"), e.getMessage());
    }

    @Test
    void aCorruptFileBelowTheChosenBackendIsOnlyReported() {
        LlmConfig config = TestConfigs.withEnv("TEST_GAMMA_AVAILABLE", "true", "TEST_BETA_CORRUPT", "true").build();
        DetectionReport report = selector.select(config).report();
        ProbeOutcome beta = report.outcome("beta").orElseThrow();
        assertEquals(ProbeOutcome.Status.FAILED, beta.status());
        assertTrue(beta.reason().contains("truncated"), beta.reason());
    }
}
