package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.SilentServer;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault the fake injects becomes the right typed error, with what was received before it kept. */
class OllamaFaultsTest {

    private FakeOllamaServer ollama;
    private OllamaClient client;

    @BeforeEach
    void start() {
        ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "a", "b", "c", "d"));
        client = TestConfigs.client(ollama, "llama3.1:8b");
    }

    @AfterEach
    void stop() {
        client.close();
        ollama.close();
    }

    private List<String> received(TokenStream tokens, Class<? extends RuntimeException> expected, String messagePart) {
        List<String> pieces = new ArrayList<>();
        RuntimeException e = assertThrows(expected, () -> {
            while (tokens.hasNext()) {
                pieces.add(tokens.next());
            }
        });
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        tokens.close();
        return pieces;
    }

    @Test
    void aServerThatIgnoresNumPredictIsCutOffAtTheLimitWithLength() {
        StringBuilder endless = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            endless.append("{\"model\":\"llama3.1:8b\",\"response\":\"w").append(i).append(" \",\"done\":false}\n");
        }
        ollama.faults().always("/api/generate", Fault.status(200, "application/x-ndjson", endless.toString()));
        GenerationOptions five = GenerationOptions.builder().maxTokens(5).build();
        GenerationResult streamed = client.generateStream("x", five).result();
        assertEquals("w0 w1 w2 w3 w4 ", streamed.text());
        assertEquals(FinishReason.LENGTH, streamed.finishReason());
        List<String> pieces = new ArrayList<>();
        GenerationResult callback = client.generate("x", five, pieces::add);
        assertEquals(5, pieces.size());
        assertEquals(FinishReason.LENGTH, callback.finishReason());
    }

    @Test
    void anErrorLineMidStreamIsAFailureNotText() {
        ollama.faults().next("/api/generate", Fault.errorMidStream(2, "model runner has unexpectedly stopped"));
        List<String> pieces = received(client.generateStream("x", GenerationOptions.DEFAULTS), BackendFailureException.class,
                "reported an error in the middle of the answer: model runner has unexpectedly stopped");
        assertEquals(List.of("a", "b"), pieces);
    }

    @Test
    void anErrorBeforeAWholeAnswerCarriesTheStatus() {
        ollama.faults().next("/api/generate", Fault.errorMidStream(0, "model runner has unexpectedly stopped"));
        BackendFailureException e = assertThrows(BackendFailureException.class, () -> client.generate("x", GenerationOptions.DEFAULTS));
        assertEquals(500, e.statusCode().orElseThrow());
        assertTrue(e.getMessage().endsWith("failed with HTTP 500: model runner has unexpectedly stopped"), e.getMessage());
    }

    @Test
    void aDroppedConnectionIsAConnectionFailure() {
        ollama.faults().next("/api/chat", Fault.dropMidStream(1));
        List<String> pieces = received(client.chatStream(List.of(io.futurnal.llm.ChatMessage.user("x")), GenerationOptions.DEFAULTS),
                BackendConnectionException.class, "broke in the middle of the response");
        assertEquals(List.of("a"), pieces);
    }

    @Test
    void aStreamWithoutItsDoneChunkIsIncomplete() {
        ollama.faults().next("/api/generate", Fault.truncate(3));
        assertEquals(List.of("a", "b", "c"), received(client.generateStream("x", GenerationOptions.DEFAULTS),
                BackendConnectionException.class, "ended before its final \"done\" chunk"));
    }

    @Test
    void aPartialLastLineIsIncompleteNotGarbage() {
        ollama.faults().next("/api/generate", Fault.partialLastLine(2));
        assertEquals(List.of("a", "b"), received(client.generateStream("x", GenerationOptions.DEFAULTS),
                BackendConnectionException.class, "ended in the middle of a line"));
    }

    @Test
    void aLineThatIsNotJsonIsABackendFailure() {
        ollama.faults().next("/api/generate", Fault.status(200, "application/x-ndjson", "<html>oops</html>\n"));
        BackendFailureException e = assertThrows(BackendFailureException.class,
                () -> client.generateStream("x", GenerationOptions.DEFAULTS).result());
        assertTrue(e.getMessage().contains("not an Ollama chunk: HTML page: oops"), e.getMessage());
    }

    @Test
    void busyAnswersAreRetriedWithBackoff() {
        ollama.faults().times("/api/generate", FakeOllamaServer.busy(), 2);
        assertEquals("abcd", client.generate("x").text());
        assertEquals(3, ollama.requests("/api/generate").size());
        ollama.faults().times("/api/generate", FakeOllamaServer.busy(), 2);
        assertEquals("abcd", client.generateStream("x", GenerationOptions.DEFAULTS).result().text());
    }

    @Test
    void retryAfterIsHonoured() {
        ollama.faults().next("/api/chat", FakeOllamaServer.busy(Duration.ofSeconds(1)));
        long start = System.nanoTime();
        client.chat(List.of(io.futurnal.llm.ChatMessage.user("x")), GenerationOptions.DEFAULTS);
        assertTrue(System.nanoTime() - start >= 1_000_000_000L, "waited for Retry-After");
    }

    @Test
    void aServerBusyBeyondTheRetriesGivesARetryableFailure() {
        ollama.faults().always("/api/generate", FakeOllamaServer.busy());
        BackendFailureException e = assertThrows(BackendFailureException.class, () -> client.generate("x"));
        assertTrue(e.isRetryable());
        assertEquals(503, e.statusCode().orElseThrow());
        assertTrue(e.getMessage().contains(FakeOllamaServer.BUSY_MESSAGE), e.getMessage());
        assertEquals(3, ollama.requests("/api/generate").size(), "the first try and two retries");
    }

    @Test
    void anHtmlErrorPageGivesTheStatusAndAShortExcerpt() {
        ollama.faults().next("/api/generate", Fault.htmlError(502));
        BackendFailureException e = assertThrows(BackendFailureException.class, () -> client.generate("x"));
        assertEquals(502, e.statusCode().orElseThrow());
        assertTrue(e.getMessage().endsWith("failed with HTTP 502: HTML page: 502 Bad Gateway"), e.getMessage());
        assertFalse(e.getMessage().contains("<"), "no markup in the message");
        ollama.faults().next(Fault.htmlError(500));
        BackendFailureException listing = assertThrows(BackendFailureException.class, () -> client.listModels());
        assertEquals(500, listing.statusCode().orElseThrow());
    }

    @Test
    void ollamasOwn400IsAnInvalidRequestWithItsMessage() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> client.generate("x", GenerationOptions.builder().extra("keep_alive", "soon").build()));
        assertTrue(e.getMessage().endsWith("(HTTP 400): time: invalid duration \"soon\""), e.getMessage());
    }

    @Test
    void aRefusedConnectionNamesTheUrl() {
        int port = SilentServer.unusedPort();
        try (OllamaClient nowhere = new OllamaClient(TestConfigs.isolated().set(OllamaSettings.HOST, "127.0.0.1:" + port)
                .model("llama3.1:8b").build())) {
            BackendConnectionException e = assertThrows(BackendConnectionException.class,
                    () -> nowhere.generateStream("x", GenerationOptions.DEFAULTS).hasNext());
            assertTrue(e.getMessage().contains("http://127.0.0.1:" + port + "/api/generate"), e.getMessage());
            assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        }
    }
}
