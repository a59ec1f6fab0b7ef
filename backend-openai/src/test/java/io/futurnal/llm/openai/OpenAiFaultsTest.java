package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.AuthenticationException;
import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ContextLengthExceededException;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.http.HttpSettings;
import io.futurnal.llm.http.RetryPolicy;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.openai.FakeOpenAiServer;
import io.futurnal.llm.testserver.openai.ServedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every fault the fake server can inject, on the streaming and the whole-answer paths. */
class OpenAiFaultsTest {

    private static final String MODEL = "m";
    private static final List<ChatMessage> HI = List.of(ChatMessage.user("hi"));
    private FakeOpenAiServer server;
    private OpenAiClient client;

    @BeforeEach
    void start() {
        server = FakeOpenAiServer.start(ServedModel.of(MODEL, "one", " two", " three", " four"), ServedModel.of("other", "x"));
        client = TestConfigs.client(server, LlmConfig.MODEL, MODEL, RetryPolicy.BACKOFF.name(), "50ms",
                HttpSettings.READ_TIMEOUT.name(), "2s");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void anErrorEventInTheStreamIsAFailureNotAShortAnswer() {
        server.faults().next("/v1/chat/completions", Fault.errorMidStream(2, "CUDA out of memory"));
        List<String> seen = new ArrayList<>();
        BackendFailureException e = assertThrows(BackendFailureException.class,
                () -> client.chat(HI, GenerationOptions.DEFAULTS, seen::add));
        assertTrue(e.getMessage().contains("CUDA out of memory") && e.getMessage().contains("middle of the stream"), e.getMessage());
        assertEquals(500, e.statusCode().getAsInt());
        assertEquals(List.of("one"), seen, "the role chunk and one piece came before the error");
    }

    @Test
    void aDroppedConnectionMidStreamIsAConnectionFailure() {
        server.faults().next("/v1/completions", Fault.dropMidStream(2));
        BackendConnectionException e = assertThrows(BackendConnectionException.class,
                () -> client.generate("x", GenerationOptions.DEFAULTS, p -> { }));
        assertTrue(e.getMessage().contains("incomplete") || e.getMessage().contains("[DONE]"), e.getMessage());
    }

    @Test
    void aStreamThatEndsCleanlyBeforeDoneIsAnErrorEvenAfterTheFinishReason() {
        // 4 pieces and the usage chunk arrive (finish_reason included), [DONE] does not
        server.faults().next("/v1/completions", Fault.truncate(5));
        List<String> seen = new ArrayList<>();
        BackendConnectionException e = assertThrows(BackendConnectionException.class,
                () -> client.generate("x", GenerationOptions.DEFAULTS, seen::add));
        assertTrue(e.getMessage().contains("before 'data: [DONE]'"), e.getMessage());
        assertEquals(List.of("one", " two", " three", " four"), seen);
    }

    @Test
    void aPartialLastLineIsAnError() {
        server.faults().next("/v1/chat/completions", Fault.partialLastLine(3));
        BackendConnectionException e = assertThrows(BackendConnectionException.class,
                () -> client.chat(HI, GenerationOptions.DEFAULTS, p -> { }));
        assertTrue(e.getMessage().contains("middle of an event"), e.getMessage());
    }

    @Test
    void aStallMidStreamHitsTheReadTimeout() {
        server.faults().next("/v1/completions", Fault.stallMidStream(2));
        long start = System.nanoTime();
        LlmTimeoutException e = assertThrows(LlmTimeoutException.class,
                () -> client.generate("x", GenerationOptions.DEFAULTS, p -> { }));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(e.getMessage().contains("read timeout") && e.getMessage().contains("middle of the response"), e.getMessage());
        assertTrue(millis >= 1900 && millis < 4000, "took " + millis + " ms with a 2 s read timeout");
    }

    @Test
    void aSlowFirstByteWithinTheReadTimeoutIsFineAndBeyondItTimesOut() {
        server.faults().next("/v1/completions", Fault.slowFirstByte(Duration.ofMillis(500)));
        assertEquals("one two three four", client.generate("x", GenerationOptions.DEFAULTS, p -> { }).text());

        server.faults().next("/v1/completions", Fault.slowFirstByte(Duration.ofSeconds(30)));
        LlmTimeoutException e = assertThrows(LlmTimeoutException.class,
                () -> client.generate("x", GenerationOptions.DEFAULTS, p -> { }));
        assertTrue(e.getMessage().contains("waiting for the response"), e.getMessage());
    }

    @Test
    void theCallTimeoutStopsAServerThatNeverAnswers() {
        server.faults().next("/v1/chat/completions", Fault.neverAnswer());
        long start = System.nanoTime();
        LlmTimeoutException e = assertThrows(LlmTimeoutException.class,
                () -> client.chat(HI, GenerationOptions.builder().timeout(Duration.ofMillis(400)).build(), p -> { }));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(e.getMessage().contains("400 ms"), e.getMessage());
        assertTrue(millis < 1500, "took " + millis + " ms");

        server.faults().next("/v1/chat/completions", Fault.neverAnswer());
        LlmTimeoutException whole = assertThrows(LlmTimeoutException.class,
                () -> client.chat(HI, GenerationOptions.builder().timeout(Duration.ofMillis(400)).build()));
        assertTrue(whole.getMessage().contains("GenerationOptions.timeout"), whole.getMessage());
    }

    @Test
    void busyAnswersAreRetriedAndThenSucceed() {
        server.faults().times("/v1/chat/completions", FakeOpenAiServer.busy(), 2);
        assertEquals("one two three four", client.chat(HI, GenerationOptions.DEFAULTS, p -> { }).text());
        assertEquals(3, server.requests("/v1/chat/completions").size());
    }

    @Test
    void retryAfterIsHonoured() {
        server.faults().next("/v1/completions", FakeOpenAiServer.rateLimited(Duration.ofSeconds(1)));
        long start = System.nanoTime();
        assertEquals("one two three four", client.generate("x", GenerationOptions.DEFAULTS).text());
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis >= 950 && millis < 2500, "the retry came after " + millis + " ms; Retry-After asked for 1 s");
        assertEquals(2, server.requests("/v1/completions").size());
    }

    @Test
    void busyAfterTheLastRetryIsARetryableFailureWithTheServersText() {
        server.faults().always("/v1/chat/completions", FakeOpenAiServer.busy());
        BackendFailureException e = assertThrows(BackendFailureException.class,
                () -> client.chat(HI, GenerationOptions.DEFAULTS, p -> { }));
        assertTrue(e.isRetryable());
        assertEquals(503, e.statusCode().getAsInt());
        assertTrue(e.getMessage().contains("overloaded"), e.getMessage());
        assertEquals(3, server.requests("/v1/chat/completions").size(), "the first attempt and 2 retries");

        server.faults().clear();
        server.faults().always("/v1/completions", FakeOpenAiServer.rateLimited(Duration.ofSeconds(0)));
        BackendFailureException limited = assertThrows(BackendFailureException.class, () -> client.generate("x"));
        assertEquals(429, limited.statusCode().getAsInt());
        assertTrue(limited.isRetryable());
        assertTrue(limited.getMessage().contains("rate-limited") && limited.getMessage().contains("Rate limit reached"),
                limited.getMessage());
    }

    @Test
    void anHtmlErrorPageIsABackendFailureWithStatusAndTitle() {
        server.faults().next("/v1/completions", Fault.htmlError(500));
        BackendFailureException e = assertThrows(BackendFailureException.class,
                () -> client.generate("x", GenerationOptions.DEFAULTS, p -> { }));
        assertEquals(500, e.statusCode().getAsInt());
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("HTML page: 500 Internal Server Error"),
                e.getMessage());
    }

    @Test
    void aRejectedRequestIsAnInvalidRequestWithTheServersMessage() {
        server.faults().next("/v1/chat/completions", FakeOpenAiServer.error(400, "BadRequestError",
                "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens."));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> client.chat(HI, GenerationOptions.DEFAULTS, p -> { }));
        assertTrue(e.getMessage().contains("maximum context length is 4096"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());

        // and a value the fake server validates itself, as vLLM does
        InvalidRequestException extra = assertThrows(InvalidRequestException.class, () -> client.generate("x",
                GenerationOptions.builder().extra("top_k", -5).build()));
        assertTrue(extra.getMessage().contains("top_k"), extra.getMessage());
    }

    @Test
    void anUnknownModelIsModelNotFoundWithTheServedModelsAsHint() {
        try (OpenAiClient wrong = TestConfigs.client(server, LlmConfig.MODEL, "no/such-model")) {
            ModelNotFoundException e = assertThrows(ModelNotFoundException.class,
                    () -> wrong.chat(HI, GenerationOptions.DEFAULTS, p -> { }));
            assertEquals("no/such-model", e.model());
            assertTrue(e.hint().contains("serves m, other") && e.hint().contains("FUTURNAL_PRODUCTION_LLM"), e.hint());
            assertThrows(ModelNotFoundException.class, () -> wrong.generate("x"));
        }
    }

    @Test
    void aMissingOrWrongKeyIsAnAuthenticationErrorThatNeverShowsTheKey() {
        server.requireBearerToken("sk-right-key-1234567890");
        AuthenticationException missing = assertThrows(AuthenticationException.class,
                () -> client.generate("x", GenerationOptions.DEFAULTS, p -> { }));
        assertTrue(missing.getMessage().contains("HTTP 401") && missing.getMessage().contains("OPENAI_API_KEY"),
                missing.getMessage());

        server.requireBearerToken(null);
        try (OpenAiClient keyed = TestConfigs.client(server, LlmConfig.MODEL, MODEL,
                OpenAiSettings.API_KEY.name(), "sk-wrong-key-abcdefghij")) {
            server.requireBearerToken("sk-right-key-1234567890");
            AuthenticationException wrong = assertThrows(AuthenticationException.class, () -> keyed.chat(HI, GenerationOptions.DEFAULTS));
            assertFalse(wrong.getMessage().contains("sk-wrong-key-abcdefghij"), wrong.getMessage());
            assertFalse(wrong.getMessage().contains("sk-right-key"), wrong.getMessage());
            assertTrue(wrong.getMessage().contains("did not accept the API key from builder setting futurnal.openai.api.key"),
                    wrong.getMessage());
            assertEquals("Bearer sk-wrong-key-abcdefghij",
                    server.lastRequest("/v1/chat/completions").header("Authorization").orElseThrow());
        }
    }

    @Test
    void aPromptThatDoesNotFitTheServedContextIsContextLengthExceeded() {
        server.addModel(ServedModel.of("small", "ok").withMaxModelLen(8));
        try (OpenAiClient small = TestConfigs.client(server, LlmConfig.MODEL, "small")) {
            assertEquals("ok", small.generate("one two three").text());
            ContextLengthExceededException prompt = assertThrows(ContextLengthExceededException.class,
                    () -> small.generate("one two three four five six seven eight nine ten"));
            assertTrue(prompt.getMessage().contains("maximum context length is 8 tokens"), prompt.getMessage());
            ContextLengthExceededException room = assertThrows(ContextLengthExceededException.class,
                    () -> small.chat(HI, GenerationOptions.builder().maxTokens(100).build(), p -> { }));
            assertTrue(room.getMessage().contains("lower maxTokens"), room.getMessage());
        }
    }

    @Test
    void aServerThatIgnoresMaxTokensIsCutOffAtTheLimitWithLength() {
        StringBuilder endless = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            endless.append("data: {\"id\":\"c\",\"object\":\"text_completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\"w")
                    .append(i).append(" \",\"finish_reason\":null}]}\n\n");
        }
        server.faults().next("/v1/completions", Fault.status(200, "text/event-stream", endless.toString()));
        List<String> pieces = new ArrayList<>();
        GenerationResult r = client.generate("x", GenerationOptions.builder().maxTokens(4).build(), pieces::add);
        assertEquals(List.of("w0 ", "w1 ", "w2 ", "w3 "), pieces);
        assertEquals(FinishReason.LENGTH, r.finishReason());
    }

    @Test
    void aServerThatEchoesTheKeyInItsErrorHasThatTextWithheld() {
        try (OpenAiClient keyed = TestConfigs.client(server, LlmConfig.MODEL, MODEL,
                OpenAiSettings.API_KEY.name(), "sk-echoed-key-0987654321")) {
            server.faults().next("/v1/completions", FakeOpenAiServer.error(401, "invalid_request_error",
                    "Incorrect API key provided: sk-echoed-key-0987654321."));
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> keyed.generate("x"));
            assertFalse(e.getMessage().contains("sk-echoed-key"), e.getMessage());
            assertTrue(e.getMessage().contains("withheld"), e.getMessage());
        }
    }

    @Test
    void garbageInTheStreamIsAFailureNamingTheUrl() {
        server.faults().next("/v1/completions", Fault.status(200, "text/event-stream", "data: {not json\n\n"));
        BackendFailureException e = assertThrows(BackendFailureException.class,
                () -> client.generate("x", GenerationOptions.DEFAULTS, p -> { }));
        assertTrue(e.getMessage().contains("/v1/completions") && e.getMessage().contains("not JSON"), e.getMessage());

        server.faults().next("/v1/completions", Fault.status(200, "application/json", "<html>oops</html>"));
        LlmException whole = assertThrows(BackendFailureException.class, () -> client.generate("x"));
        assertTrue(whole.getMessage().contains("expected JSON"), whole.getMessage());
    }

    @Test
    void finishReasonErrorIsAFailure() {
        server.faults().next("/v1/completions", Fault.status(200, "text/event-stream", OpenAiStreamingTest.sse(
                "{\"choices\":[{\"index\":0,\"text\":\"par\"}]}",
                "{\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"error\"}]}", "[DONE]")));
        BackendFailureException e = assertThrows(BackendFailureException.class,
                () -> client.generate("x", GenerationOptions.DEFAULTS, p -> { }));
        assertTrue(e.getMessage().contains("finish_reason 'error'"), e.getMessage());
    }

    @Test
    void theFirstFailureSurfacesOnTheFirstReadAndTheStreamCanStillBeClosed() {
        server.faults().next("/v1/completions", FakeOpenAiServer.error(400, "BadRequestError", "bad"));
        TokenStream stream = client.generateStream("x", GenerationOptions.DEFAULTS);
        LlmException e = assertThrows(InvalidRequestException.class, stream::hasNext);
        assertInstanceOf(InvalidRequestException.class, e);
        stream.close();
        assertFalse(stream.hasNext());
    }
}
