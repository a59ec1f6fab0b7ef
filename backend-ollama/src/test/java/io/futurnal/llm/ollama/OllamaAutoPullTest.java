package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.spi.ProbeResult;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code futurnal.ollama.pull}: never, when_missing and always, within {@code futurnal.ollama.pull.timeout}. */
class OllamaAutoPullTest {

    private FakeOllamaServer ollama;

    @BeforeEach
    void start() {
        ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "hi"));
        ollama.addPullable(ScriptedModel.of("qwen2.5:0.5b", "pulled", " answer"));
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    private LlmConfig config(String pull) {
        LlmConfig.Builder b = TestConfigs.forServer(ollama, "qwen2.5:0.5b");
        return pull == null ? b.build() : b.set(OllamaSettings.PULL, pull).build();
    }

    @Test
    void byDefaultAMissingModelIsModelNotFoundWithThePullHint() {
        try (OllamaClient client = new OllamaClient(config(null))) {
            ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> client.generate("x"));
            assertEquals("qwen2.5:0.5b", e.model());
            assertTrue(e.hint().contains("ollama pull qwen2.5:0.5b"), e.hint());
            assertEquals(0, ollama.requests("/api/pull").size());
        }
        ProbeResult probe = new OllamaProvider().probe(config("never"));
        assertTrue(probe.typedProblem().orElseThrow() instanceof ModelNotFoundException, probe.reason());
    }

    @Test
    void whenMissingTheModelIsPulledOnceAndTheCallGoesOn() {
        ProbeResult probe = new OllamaProvider().probe(config("when_missing"));
        assertTrue(probe.available(), probe.reason());
        assertTrue(probe.reason().contains("will be pulled"), probe.reason());
        try (OllamaClient client = new OllamaClient(config("when_missing"))) {
            assertEquals("pulled answer", client.generate("x").text());
            assertEquals("pulled answer", client.generate("y").text());
            assertEquals(1, ollama.requests("/api/pull").size());
            assertEquals("qwen2.5:0.5b", ollama.lastRequest("/api/pull").field("model").asText());
            assertTrue(ollama.modelNames().contains("qwen2.5:0.5b"));
        }
    }

    @Test
    void threadsThatFindTheModelMissingTogetherShareOnePull() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (OllamaClient client = new OllamaClient(config("when_missing"))) {
            java.util.List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> client.generate("x").text()));
            }
            for (java.util.concurrent.Future<String> a : answers) {
                assertEquals("pulled answer", a.get());
            }
            assertEquals(1, ollama.requests("/api/pull").size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenMissingAStreamPullsBeforeItsFirstToken() {
        try (OllamaClient client = new OllamaClient(config("when-missing"));
             TokenStream tokens = client.generateStream("x", GenerationOptions.DEFAULTS)) {
            assertEquals(0, ollama.requests("/api/pull").size(), "nothing is sent before the first read");
            assertEquals("pulled answer", tokens.result().text());
            assertEquals(1, ollama.requests("/api/pull").size());
        }
    }

    @Test
    void whenMissingAModelTheRegistryHasNotGotIsStillModelNotFound() {
        LlmConfig config = TestConfigs.forServer(ollama, "nosuchmodel:3b").set(OllamaSettings.PULL, "when_missing").build();
        try (OllamaClient client = new OllamaClient(config)) {
            ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> client.generate("x"));
            assertTrue(e.hint().contains("file does not exist"), e.hint());
        }
    }

    @Test
    void alwaysPullsOnceOnFirstUseEvenWhenTheModelIsThere() {
        ollama.addPullable(ScriptedModel.of("llama3.1:8b", "fresh"));
        LlmConfig config = TestConfigs.forServer(ollama, "llama3.1:8b").set(OllamaSettings.PULL, "always").build();
        try (OllamaClient client = new OllamaClient(config)) {
            assertEquals("fresh", client.generate("x").text());
            client.generate("y");
            assertEquals(1, ollama.requests("/api/pull").size());
        }
    }

    @Test
    void aPullThatTakesLongerThanItsTimeoutIsATimeoutNamingTheKey() {
        ollama.chunkDelay(Duration.ofMillis(100));
        LlmConfig config = TestConfigs.forServer(ollama, "qwen2.5:0.5b").set(OllamaSettings.PULL, "when_missing")
                .set(OllamaSettings.PULL_TIMEOUT, "300ms").build();
        try (OllamaClient client = new OllamaClient(config)) {
            LlmTimeoutException e = assertThrows(LlmTimeoutException.class, () -> client.generate("x"));
            assertTrue(e.getMessage().contains("FUTURNAL_OLLAMA_PULL_TIMEOUT"), e.getMessage());
            assertTrue(e.getMessage().contains("qwen2.5:0.5b"), e.getMessage());
        }
    }

    @Test
    void anUnknownPolicyIsAConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new OllamaClient(config("sometimes")));
        assertTrue(e.getMessage().contains("never, when_missing or always"), e.getMessage());
    }
}
