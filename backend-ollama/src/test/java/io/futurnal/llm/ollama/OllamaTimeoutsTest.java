package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read timeout bounds silence, not length: a slow but live answer is never cut unless the user
 * set a total limit, and each timeout error names its setting.
 */
class OllamaTimeoutsTest {

    private FakeOllamaServer ollama;

    @BeforeEach
    void start() {
        ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "a", "b", "c", "d"));
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    @Test
    void theDefaultReadTimeoutLetsASlowFirstByteThrough() {
        ollama.faults().next("/api/generate", Fault.slowFirstByte(Duration.ofMillis(1200)));
        try (OllamaClient client = TestConfigs.client(ollama, "llama3.1:8b")) {
            assertEquals("abcd", client.generateStream("x", GenerationOptions.DEFAULTS).result().text());
        }
    }

    @Test
    void aShortReadTimeoutStopsASilentServerAndNamesItsKey() {
        ollama.faults().next("/api/generate", Fault.slowFirstByte(Duration.ofSeconds(3)));
        try (OllamaClient client = TestConfigs.client(ollama, "llama3.1:8b", Duration.ofMillis(300))) {
            long start = System.nanoTime();
            LlmTimeoutException e = assertThrows(LlmTimeoutException.class, () -> client.generate("x"));
            assertTrue(System.nanoTime() - start < 2_000_000_000L);
            assertTrue(e.getMessage().contains("read timeout of 300 ms"), e.getMessage());
            assertTrue(e.getMessage().contains("futurnal.llm.read.timeout"), e.getMessage());
        }
    }

    @Test
    void aSlowButLiveStreamIsNotCutEvenWhenLongerThanTheReadTimeout() {
        ollama.chunkDelay(Duration.ofMillis(150));
        try (OllamaClient client = TestConfigs.client(ollama, "llama3.1:8b", Duration.ofMillis(500))) {
            long start = System.nanoTime();
            assertEquals("abcd", client.generateStream("x", GenerationOptions.DEFAULTS).result().text());
            assertTrue(System.nanoTime() - start >= 600_000_000L, "five chunks 150 ms apart outlast the 500 ms read timeout");
        }
    }

    @Test
    void aStallMidStreamHitsTheReadTimeout() {
        ollama.faults().next("/api/generate", Fault.stallMidStream(2));
        try (OllamaClient client = TestConfigs.client(ollama, "llama3.1:8b", Duration.ofMillis(300))) {
            LlmTimeoutException e = assertThrows(LlmTimeoutException.class,
                    () -> client.generateStream("x", GenerationOptions.DEFAULTS).result());
            assertTrue(e.getMessage().contains("in the middle of the response"), e.getMessage());
        }
    }

    @Test
    void aServerThatNeverAnswersHitsTheReadTimeout() {
        ollama.faults().next("/api/tags", Fault.neverAnswer());
        try (OllamaClient client = TestConfigs.client(ollama, "llama3.1:8b", Duration.ofMillis(300))) {
            assertThrows(LlmTimeoutException.class, client::listModels);
        }
    }

    @Test
    void aConfiguredTotalTimeoutCutsALongStreamAndNamesItsKey() {
        ollama.chunkDelay(Duration.ofMillis(200));
        try (OllamaClient client = new OllamaClient(TestConfigs.forServer(ollama, "llama3.1:8b")
                .requestTimeout(Duration.ofMillis(400)).build())) {
            LlmTimeoutException e = assertThrows(LlmTimeoutException.class,
                    () -> client.generateStream("x", GenerationOptions.DEFAULTS).result());
            assertTrue(e.getMessage().contains("total request timeout of 400 ms"), e.getMessage());
            assertTrue(e.getMessage().contains("futurnal.llm.request.timeout"), e.getMessage());
        }
    }

    @Test
    void aPerCallTimeoutAppliesToStreamsAndWholeAnswers() {
        ollama.chunkDelay(Duration.ofMillis(200));
        GenerationOptions quick = GenerationOptions.builder().timeout(Duration.ofMillis(300)).build();
        try (OllamaClient client = TestConfigs.client(ollama, "llama3.1:8b")) {
            LlmTimeoutException streamed = assertThrows(LlmTimeoutException.class,
                    () -> client.generateStream("x", quick).result());
            assertTrue(streamed.getMessage().contains("GenerationOptions.timeout"), streamed.getMessage());
            ollama.chunkDelay(Duration.ZERO);
            ollama.faults().next("/api/generate", Fault.slowFirstByte(Duration.ofSeconds(2)));
            LlmTimeoutException whole = assertThrows(LlmTimeoutException.class, () -> client.generate("x", quick));
            assertTrue(whole.getMessage().contains("total request timeout of 300 ms (set by GenerationOptions.timeout)"),
                    whole.getMessage());
        }
    }
}
