package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.ModelSummary;
import io.futurnal.llm.spi.ProbeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs against a real OpenAI-compatible server (vLLM, llama-server, ...) when
 * {@code futurnal.it.openai.base.url} / {@code FUTURNAL_IT_OPENAI_BASE_URL} names it, and is
 * skipped otherwise. Optional: {@code futurnal.it.openai.model} / {@code FUTURNAL_IT_OPENAI_MODEL}
 * (default: the first served model) and {@code futurnal.it.openai.api.key} /
 * {@code FUTURNAL_IT_OPENAI_API_KEY}.
 */
class RealOpenAiServerTest {

    static final String URL_KEY = "futurnal.it.openai.base.url";
    static final String MODEL_KEY = "futurnal.it.openai.model";
    static final String API_KEY_KEY = "futurnal.it.openai.api.key";

    private static LlmConfig config;
    private static String skipReason;

    @BeforeAll
    static void needsAServer() {
        Optional<String> url = setting(URL_KEY);
        if (url.isEmpty()) {
            skipReason = "skipped: no real OpenAI-compatible server given; set " + URL_KEY + " or "
                    + LlmConfig.environmentName(URL_KEY) + " (e.g. http://127.0.0.1:8000/v1) to run it";
            System.err.println("RealOpenAiServerTest " + skipReason);
            return;
        }
        LlmConfig.Builder b = LlmConfig.builder().set(OpenAiSettings.BASE_URL.name(), url.get())
                .set(LlmConfig.PROBE_TIMEOUT, "5s");
        setting(MODEL_KEY).ifPresent(b::model);
        setting(API_KEY_KEY).ifPresent(k -> b.set(OpenAiSettings.API_KEY.name(), k));
        config = b.build();
    }

    /** Skips each test (so the report counts them as skipped) when no server was given. */
    @BeforeEach
    void skipWithoutAServer() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    private static Optional<String> setting(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) {
            v = System.getenv(LlmConfig.environmentName(key));
        }
        return Optional.ofNullable(v).filter(s -> !s.isBlank());
    }

    @Test
    void probesListsAndStreamsAChat() {
        ProbeResult probe = new OpenAiProvider().probe(config);
        assertTrue(probe.available(), probe.reason());
        try (OpenAiClient client = (OpenAiClient) new OpenAiProvider().create(config)) {
            List<ModelSummary> models = client.listModels();
            assertTrue(models.stream().anyMatch(m -> m.name().equals(client.info().model())), models.toString());

            List<String> pieces = new ArrayList<>();
            GenerationResult r = client.chat(List.of(ChatMessage.user("Say hello in one word.")),
                    GenerationOptions.builder().temperature(0.0).seed(1L).maxTokens(16).build(), pieces::add);
            assertFalse(r.text().isBlank());
            assertEquals(r.text(), String.join("", pieces));
            assertTrue(r.metrics().generatedTokens() > 0 && r.metrics().generatedTokens() <= 16, r.metrics().toString());
            assertTrue(r.metrics().promptTokens() > 0, "usage must come back with include_usage");
        }
    }

    @Test
    void greedyStreamedAndWholeCompletionsAgreeAndMaxTokensEndsWithLength() {
        try (OpenAiClient client = (OpenAiClient) new OpenAiProvider().create(config)) {
            GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).seed(7L).maxTokens(8).build();
            GenerationResult streamed = client.generate("Once upon a time", greedy, p -> { });
            GenerationResult whole = client.generate("Once upon a time", greedy);
            assertEquals(whole.text(), streamed.text());
            assertEquals(FinishReason.LENGTH, whole.finishReason());
            assertEquals(8, whole.metrics().generatedTokens());
        }
    }

    @Test
    void anUnknownModelIsModelNotFound() {
        LlmConfig wrong = config.toBuilder().model("futurnal/no-such-model-" + System.nanoTime()).build();
        try (OpenAiClient client = (OpenAiClient) new OpenAiProvider().create(wrong)) {
            org.junit.jupiter.api.Assertions.assertThrows(ModelNotFoundException.class, () -> client.generate("x"));
        }
    }
}
