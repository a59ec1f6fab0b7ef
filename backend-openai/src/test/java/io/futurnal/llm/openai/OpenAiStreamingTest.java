package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.openai.FakeOpenAiServer;
import io.futurnal.llm.testserver.openai.ServedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiStreamingTest {

    private static final String MODEL = "Qwen/Qwen2.5-0.5B-Instruct";
    private FakeOpenAiServer server;
    private OpenAiClient client;

    @BeforeEach
    void start() {
        server = FakeOpenAiServer.start(ServedModel.of(MODEL, "Once", " upon", " a", " time", "."), ServedModel.echo("echo"));
        client = TestConfigs.client(server, io.futurnal.llm.LlmConfig.MODEL, MODEL);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void chatStreamsEachPieceAndReportsUsage() {
        List<String> pieces = new ArrayList<>();
        GenerationResult r;
        try (TokenStream stream = client.chatStream(List.of(ChatMessage.user("Tell me a story")), GenerationOptions.DEFAULTS)) {
            stream.forEachRemaining(pieces::add);
            r = stream.result();
        }
        assertEquals(List.of("Once", " upon", " a", " time", "."), pieces);
        assertEquals("Once upon a time.", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals("openai", r.backend());
        assertEquals(MODEL, r.model());
        assertEquals(4, r.metrics().promptTokens());
        assertEquals(5, r.metrics().generatedTokens());
        assertTrue(r.metrics().totalDuration().compareTo(Duration.ZERO) > 0);
        assertTrue(r.metrics().timeToFirstToken().compareTo(Duration.ZERO) > 0);

        RecordedRequest sent = server.lastRequest("/v1/chat/completions");
        assertEquals("POST", sent.method());
        assertEquals(MODEL, sent.field("model").asText());
        assertTrue(sent.field("stream").asBoolean());
        assertTrue(sent.field("stream_options.include_usage").asBoolean());
        assertEquals("user", sent.field("messages.0.role").asText());
        assertEquals("Tell me a story", sent.field("messages.0.content").asText());
        assertEquals("text/event-stream", sent.header("Accept").orElseThrow());
        assertTrue(sent.header("Content-Type").orElseThrow().startsWith("application/json"));
        assertTrue(sent.header("Authorization").isEmpty(), "no key configured, so no Authorization header");
    }

    @Test
    void generateStreamsFromTheCompletionsEndpoint() {
        GenerationResult r = client.generate("Once", GenerationOptions.DEFAULTS, piece -> { });
        assertEquals("Once upon a time.", r.text());
        assertEquals(1, r.metrics().promptTokens());
        RecordedRequest sent = server.lastRequest("/v1/completions");
        assertEquals("Once", sent.field("prompt").asText());
        assertTrue(sent.field("stream").asBoolean());
        assertTrue(sent.field("messages").isMissingNode());
    }

    @Test
    void samplingOptionsAndFormatTravelInTheBody() {
        GenerationOptions options = GenerationOptions.builder().temperature(0.0).seed(42L).maxTokens(64).topP(0.5)
                .topK(20).stop("never-matches").format(ResponseFormat.jsonSchema("{\"type\":\"object\"}"))
                .systemPrompt("Answer in JSON.").build();
        client.chat(List.of(ChatMessage.user("q")), options, p -> { });
        JsonNode body = server.lastRequest("/v1/chat/completions").json();
        assertEquals(0.0, body.get("temperature").asDouble());
        assertEquals(42, body.get("seed").asInt());
        assertEquals(64, body.get("max_tokens").asInt());
        assertEquals(0.5, body.get("top_p").asDouble());
        assertEquals(20, body.get("top_k").asInt());
        assertEquals("never-matches", body.get("stop").get(0).asText());
        assertEquals("json_schema", body.get("response_format").get("type").asText());
        assertEquals("object", body.get("response_format").get("json_schema").get("schema").get("type").asText());
        assertEquals("system", body.get("messages").get(0).get("role").asText());
        assertEquals("Answer in JSON.", body.get("messages").get(0).get("content").asText());
    }

    @Test
    void maxTokensEndsWithLength() {
        GenerationResult r = client.generate("x", GenerationOptions.builder().maxTokens(2).build(), p -> { });
        assertEquals("Once upon", r.text());
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals(2, r.metrics().generatedTokens());
    }

    @Test
    void aStopStringEndsTheAnswerWithoutIncludingIt() {
        GenerationResult r = client.generate("x", GenerationOptions.builder().stop(" a").build(), p -> { });
        assertEquals("Once upon", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
    }

    @Test
    void theEchoModelRepeatsTheLastUserMessage() throws Exception {
        try (OpenAiClient echo = TestConfigs.client(server, io.futurnal.llm.LlmConfig.MODEL, "echo")) {
            GenerationResult r = echo.chat(List.of(ChatMessage.system("sys"), ChatMessage.user("zażółć gęślą jaźń 🦀"),
                    ChatMessage.assistant("ok"), ChatMessage.user("repeat me please")), GenerationOptions.DEFAULTS, p -> { });
            assertEquals("repeat me please", r.text());
            GenerationResult unicode = echo.chat(List.of(ChatMessage.user("zażółć gęślą jaźń 🦀")), GenerationOptions.DEFAULTS, p -> { });
            assertEquals("zażółć gęślą jaźń 🦀", unicode.text());
        }
    }

    @Test
    void stopStringsAreAppliedHereWhenAServerIgnoresThem() {
        // a canned stream as a server that ignores "stop" would send it
        server.faults().next("/v1/completions", Fault.status(200, "text/event-stream",
                sse("{\"choices\":[{\"index\":0,\"text\":\"Hello EN\"}]}", "{\"choices\":[{\"index\":0,\"text\":\"D world\"}]}",
                        "{\"choices\":[{\"index\":0,\"text\":\"!\",\"finish_reason\":\"stop\"}]}", "[DONE]")));
        List<String> pieces = new ArrayList<>();
        GenerationResult r = client.generate("x", GenerationOptions.builder().stop("END").build(), pieces::add);
        assertEquals("Hello ", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals("Hello ", String.join("", pieces));
    }

    @Test
    void llamaServerTimingsBecomeDecodeAndPromptDurations() {
        server.faults().next("/v1/chat/completions", Fault.status(200, "text/event-stream", sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],\"timings\":{\"prompt_n\":7,"
                        + "\"prompt_ms\":14.0,\"predicted_n\":1,\"predicted_ms\":20.0}}",
                "[DONE]")));
        GenerationResult r = client.chat(List.of(ChatMessage.user("x")), GenerationOptions.DEFAULTS, p -> { });
        assertEquals("Hi", r.text());
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals(7, r.metrics().promptTokens());
        assertEquals(Duration.ofMillis(20), r.metrics().generationDuration());
        assertEquals(50.0, r.metrics().tokensPerSecond(), 1e-9);
        assertEquals(500.0, r.metrics().promptTokensPerSecond(), 1e-9);
    }

    @Test
    void commentsKeepAlivesAndMissingUsageAreTolerated() {
        server.faults().next("/v1/completions", Fault.status(200, "text/event-stream",
                ": ping\n\n" + sse("{\"choices\":[{\"index\":0,\"text\":\"a\"}]}") + ": ping\n\n"
                        + sse("{\"choices\":[{\"index\":0,\"text\":\"b\"}]}", "[DONE]")));
        GenerationResult r = client.generate("x", GenerationOptions.DEFAULTS, p -> { });
        assertEquals("ab", r.text());
        assertEquals(2, r.metrics().generatedTokens(), "without usage the pieces are counted");
    }

    @Test
    void slowChunksStreamLiveRatherThanAllAtTheEnd() {
        server.chunkDelay(Duration.ofMillis(60));
        long start = System.nanoTime();
        List<Long> arrivals = new ArrayList<>();
        GenerationResult r = client.generate("x", GenerationOptions.DEFAULTS, p -> arrivals.add(System.nanoTime() - start));
        assertEquals(5, arrivals.size());
        long spread = Duration.ofNanos(arrivals.get(4) - arrivals.get(0)).toMillis();
        assertTrue(spread >= 180, "pieces arrived within " + spread + " ms of each other, so they were not streamed");
        assertTrue(r.metrics().timeToFirstToken().toMillis() < r.metrics().totalDuration().toMillis() - 150);
        assertFalse(r.metrics().generationDuration().isZero());
    }

    /** The events of an SSE body, each ended by a blank line. */
    static String sse(String... data) {
        StringBuilder sb = new StringBuilder();
        for (String d : data) {
            sb.append("data: ").append(d).append("\n\n");
        }
        return sb.toString();
    }
}
