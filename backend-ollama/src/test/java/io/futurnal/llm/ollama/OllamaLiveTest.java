package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.ModelSummary;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.spi.ProbeResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same scenarios against a real Ollama, run only when one is named: system property
 * {@code futurnal.it.ollama.host}, environment {@code FUTURNAL_IT_OLLAMA_HOST}, or
 * {@code OLLAMA_HOST} (skipped, not failed, when that one has no server). The model is
 * {@code futurnal.it.ollama.model} / {@code FUTURNAL_IT_OLLAMA_MODEL}, or the first pulled one.
 * Nothing is pulled or deleted except a copy the test makes itself.
 */
class OllamaLiveTest {

    private static OllamaClient client;
    private static String model;
    private static String skipReason;

    @BeforeAll
    static void connect() {
        Optional<String> explicit = Optional.ofNullable(System.getProperty("futurnal.it.ollama.host"))
                .or(() -> Optional.ofNullable(System.getenv("FUTURNAL_IT_OLLAMA_HOST"))).filter(s -> !s.isBlank());
        Optional<String> ambient = Optional.ofNullable(System.getenv("OLLAMA_HOST")).filter(s -> !s.isBlank());
        if (explicit.isEmpty() && ambient.isEmpty()) {
            skip("no real Ollama named: set -Dfuturnal.it.ollama.host, FUTURNAL_IT_OLLAMA_HOST or OLLAMA_HOST to run it");
            return;
        }
        String host = explicit.orElseGet(ambient::get);
        String wanted = Optional.ofNullable(System.getProperty("futurnal.it.ollama.model"))
                .orElse(System.getenv("FUTURNAL_IT_OLLAMA_MODEL"));
        LlmConfig.Builder b = LlmConfig.builder().environment(Map.of()).set(OllamaSettings.HOST, host)
                .probeTimeout(java.time.Duration.ofSeconds(3));
        if (wanted != null && !wanted.isBlank()) {
            b.model(wanted);
        }
        LlmConfig config = b.build();
        ProbeResult probe = new OllamaProvider().probe(config);
        if (explicit.isEmpty() && !probe.available()) {
            skip("OLLAMA_HOST=" + host + " is not usable: " + probe.reason());
            return;
        }
        assertTrue(probe.available(), probe.reason());
        client = new OllamaClient(config);
        model = client.model();
    }

    private static void skip(String reason) {
        skipReason = reason;
        System.err.println("OllamaLiveTest skipped: " + reason);
    }

    @BeforeEach
    void requireServer() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        skipReason = null;
    }

    @Test
    void streamsAndCountsTokens() {
        List<String> pieces = new java.util.ArrayList<>();
        GenerationResult r = client.generate("Count from one to five.", GenerationOptions.builder().temperature(0.0)
                .seed(42L).maxTokens(24).build(), pieces::add);
        assertFalse(r.text().isBlank());
        assertEquals(String.join("", pieces), r.text());
        assertTrue(r.metrics().generatedTokens() > 0 && r.metrics().generatedTokens() <= 24, r.metrics().toString());
        assertTrue(r.metrics().tokensPerSecond() > 0);
    }

    @Test
    void wholeAnswersAndLengthLimit() {
        GenerationResult r = client.generate("Write a long essay about rivers.", GenerationOptions.builder().maxTokens(5).build());
        assertEquals(FinishReason.LENGTH, r.finishReason());
        GenerationResult chat = client.chat(List.of(ChatMessage.system("Answer with one word."), ChatMessage.user("Capital of France?")),
                GenerationOptions.builder().temperature(0.0).maxTokens(16).build());
        assertFalse(chat.text().isBlank());
    }

    @Test
    void cancelStopsAStream() {
        try (TokenStream tokens = client.generateStream("Tell a very long story.", GenerationOptions.DEFAULTS)) {
            assertTrue(tokens.hasNext());
            tokens.next();
            tokens.cancel();
            assertFalse(tokens.hasNext());
            assertEquals(FinishReason.CANCELLED, tokens.result().finishReason());
        }
    }

    @Test
    void modelEndpoints() {
        List<ModelSummary> models = client.listModels();
        assertTrue(models.stream().anyMatch(m -> OllamaModelNames.same(m.name(), model)), models.toString());
        assertFalse(client.version().isBlank());
        assertFalse(client.show(model).capabilities().isEmpty());
        client.load(model);
        assertTrue(client.ps().stream().anyMatch(p -> OllamaModelNames.same(p.name(), model)));
        client.copy(model, "futurnal-it-copy");
        client.delete("futurnal-it-copy");
        assertThrows(ModelNotFoundException.class, () -> client.show("futurnal-no-such-model:0b"));
    }
}
