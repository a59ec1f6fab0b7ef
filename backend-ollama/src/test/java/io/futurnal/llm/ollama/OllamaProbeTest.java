package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendSelector;
import io.futurnal.llm.DetectionReport;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.SilentServer;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Availability as the selector sees it: fast, never throwing, and telling the user what to do. */
class OllamaProbeTest {

    private final OllamaProvider provider = new OllamaProvider();

    @Test
    void isFoundThroughServiceLoaderWithTheHighestBuiltInPriority() {
        LlmBackendProvider found = BackendSelector.fromClasspath().find("ollama").orElseThrow();
        assertTrue(found instanceof OllamaProvider);
        assertEquals(100, found.priority());
        assertEquals(java.util.Set.of(), found.aliases());
    }

    @Test
    void availableWhenTheConfiguredModelIsPulled() {
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "hi"))) {
            ProbeResult r = provider.probe(TestConfigs.forServer(ollama, "llama3.1").build());
            assertTrue(r.available(), r.reason());
            assertEquals("Ollama at " + ollama.baseUri() + " has model 'llama3.1:8b'", r.reason(), "the registry maps llama3.1 to llama3.1:8b");
            assertEquals(List.of("/", "/api/tags"), ollama.requests().stream().map(q -> q.path()).toList());
        }
    }

    @Test
    void aMissingModelIsATypedModelNotFoundWithThePullHint() {
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "hi"))) {
            ProbeResult r = provider.probe(TestConfigs.forServer(ollama, "mistral").build());
            assertFalse(r.available());
            assertEquals("model 'mistral:latest' not found; Ollama at " + ollama.baseUri() + " is up, but has not pulled it;"
                    + " run: ollama pull mistral:latest", r.reason());
            ModelNotFoundException problem = assertInstanceOf(ModelNotFoundException.class, r.typedProblem().orElseThrow());
            assertEquals("mistral:latest", problem.model());
        }
    }

    @Test
    void anInvalidSettingIsATypedConfigurationProblemNamingTheKey() {
        LlmConfig config = TestConfigs.isolated().environment(java.util.Map.of("FUTURNAL_OLLAMA_KEEP_ALIVE", "zz")).build();
        ProbeResult r = provider.probe(config);
        assertFalse(r.available());
        io.futurnal.llm.ConfigurationException problem = assertInstanceOf(io.futurnal.llm.ConfigurationException.class,
                r.typedProblem().orElseThrow());
        assertTrue(problem.getMessage().contains("FUTURNAL_OLLAMA_KEEP_ALIVE") && problem.getMessage().contains("'zz'"), problem.getMessage());
    }

    @Test
    void withoutAConfiguredModelUsesTheFirstPulledOneOrSaysNoneIsPulled() {
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("qwen2.5:0.5b", "x"), ScriptedModel.of("llama3.1:8b", "y"))) {
            ProbeResult r = provider.probe(TestConfigs.forServer(ollama, null).build());
            assertTrue(r.available());
            assertEquals("Ollama at " + ollama.baseUri() + ": using qwen2.5:0.5b, the first of 2 pulled models;"
                    + " set FUTURNAL_PRODUCTION_LLM to choose", r.reason());
        }
        try (FakeOllamaServer empty = FakeOllamaServer.start()) {
            ProbeResult r = provider.probe(TestConfigs.forServer(empty, null).build());
            assertFalse(r.available());
            assertTrue(r.reason().contains("is up, but has no model pulled; run: ollama pull"), r.reason());
        }
    }

    @Test
    void refusedConnectionSaysToStartTheServer() {
        int port = SilentServer.unusedPort();
        ProbeResult r = provider.probe(TestConfigs.isolated().set(OllamaSettings.HOST, "127.0.0.1:" + port).build());
        assertFalse(r.available());
        assertEquals("no Ollama server at http://127.0.0.1:" + port + " (connection refused); start one with: ollama serve", r.reason());
    }

    @Test
    void aBlackholedPortAnswersWithinTheProbeTimeout() {
        try (SilentServer silent = new SilentServer()) {
            LlmConfig config = TestConfigs.isolated().set(OllamaSettings.HOST, silent.hostAndPort())
                    .probeTimeout(Duration.ofMillis(300)).build();
            long start = System.nanoTime();
            ProbeResult r = provider.probe(config);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertFalse(r.available());
            assertTrue(ms < 700, "took " + ms + " ms");
            assertTrue(r.reason().startsWith("no answer from " + silent.baseUri() + " within the probe timeout of 300 ms"), r.reason());
        }
    }

    @Test
    void aSlowServerIsReportedWithTheDefaultDeadline() {
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "hi"))) {
            ollama.faults().next("/api/tags", Fault.slowFirstByte(Duration.ofSeconds(2)));
            long start = System.nanoTime();
            ProbeResult r = provider.probe(TestConfigs.forServer(ollama, "llama3.1:8b").build());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertFalse(r.available());
            assertTrue(ms < 900, "took " + ms + " ms against the 500 ms default");
        }
    }

    @Test
    void returnsAtOnceWhenInterrupted() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            LlmConfig config = TestConfigs.isolated().set(OllamaSettings.HOST, silent.hostAndPort())
                    .probeTimeout(Duration.ofSeconds(30)).build();
            AtomicReference<Thread> prober = new AtomicReference<>();
            CompletableFuture<ProbeResult> result = CompletableFuture.supplyAsync(() -> {
                prober.set(Thread.currentThread());
                return provider.probe(config);
            });
            while (silent.acceptedConnections() == 0) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            prober.get().interrupt();
            ProbeResult r = result.get(2, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - start < 1_000_000_000L);
            assertFalse(r.available());
            assertTrue(r.reason().contains("interrupted"), r.reason());
        }
    }

    @Test
    void anInvalidHostIsReportedNotThrown() {
        ProbeResult r = provider.probe(TestConfigs.isolated().set(OllamaSettings.HOST, "ftp://x").build());
        assertFalse(r.available());
        assertTrue(r.reason().contains("not a valid Ollama address"), r.reason());
    }

    @Test
    void autoDetectionChoosesOllamaAndTheClientStreamsItsTokens() {
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "Hello", " there"))) {
            LlmConfig config = TestConfigs.forServer(ollama, "llama3.1:8b").build();
            DetectionReport report = LlmClients.detect(config);
            assertEquals("ollama", report.chosen().orElseThrow(), report.toTable());
            try (LlmClient client = LlmClients.create(config)) {
                assertEquals("Hello there", client.generate("hi", io.futurnal.llm.GenerationOptions.DEFAULTS, t -> { }).text());
            }
        }
    }
}
