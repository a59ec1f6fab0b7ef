package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.Think;
import io.futurnal.llm.ThinkLevel;
import io.futurnal.llm.ToolCall;
import io.futurnal.llm.ToolChoice;
import io.futurnal.llm.ToolDefinition;
import io.futurnal.llm.testing.RecordedEvents;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.openai.FakeOpenAiServer;
import io.futurnal.llm.testserver.openai.ServedModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tools and reasoning on the OpenAI wire, against the fake vLLM. */
class OpenAiToolsTest {

    static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "Current weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
    static final ToolDefinition TIME = ToolDefinition.of("get_time", "Local time in a city", null);

    private FakeOpenAiServer server;
    private OpenAiClient client;

    @BeforeEach
    void start() {
        server = FakeOpenAiServer.start(ServedModel.of("Qwen/Qwen3-8B", "It", " is", " sunny")
                .withReasoning("Let", " me", " think")
                .withToolCall("get_weather", "{\"city\": \"Paris\", \"days\": 2}")
                .withToolCall("get_time", "{\"city\": \"Paris\"}"));
        client = TestConfigs.client(server, LlmConfig.MODEL, "Qwen/Qwen3-8B");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static ChatRequest.Builder ask() {
        return ChatRequest.builder().message(ChatMessage.user("Weather in Paris?")).tool(WEATHER)
                .options(GenerationOptions.builder().think(Think.OFF).build());
    }

    @Test
    void streamedFragmentsAreJoinedByIndexAndMatchTheWholeAnswer() {
        ChatRequest request = ask().tool(TIME).build();
        GenerationResult whole = client.chat(request);
        assertEquals(FinishReason.TOOL_CALLS, whole.finishReason());
        assertEquals(2, whole.toolCalls().size());
        assertEquals(Map.of("city", "Paris", "days", 2L), whole.toolCalls().get(0).arguments());
        assertEquals("get_time", whole.toolCalls().get(1).name());

        RecordedEvents events = RecordedEvents.read(client.chatStream(request));
        List<ToolCall> streamed = events.toolCalls();
        GenerationResult result = events.result();
        assertEquals(List.of("get_weather", "get_time"), streamed.stream().map(ToolCall::name).toList());
        assertEquals(whole.toolCalls().get(0).arguments(), streamed.get(0).arguments());
        assertTrue(streamed.get(0).id().startsWith("chatcmpl-tool-"), streamed.get(0).id());
        assertEquals(FinishReason.TOOL_CALLS, result.finishReason());
        assertEquals("", result.text());

        JsonNode sent = server.lastRequest("/v1/chat/completions").json();
        assertEquals("function", sent.get("tools").get(0).get("type").asText());
        assertEquals("object", sent.get("tools").get(1).get("function").get("parameters").get("type").asText());
        assertEquals("auto", sent.get("tool_choice").asText());
        assertFalse(sent.get("chat_template_kwargs").get("enable_thinking").asBoolean());
    }

    @Test
    void toolResultsGoBackByCallIdWithArgumentsAsAString() {
        ChatRequest first = ask().build();
        GenerationResult reply = client.chat(first);
        ToolCall call = reply.toolCalls().get(0);
        GenerationResult answer = client.chat(first.appending(ChatMessage.assistant(reply), ChatMessage.toolResult(call, "18 C")));
        assertEquals("Tool get_weather said: 18 C", answer.text());
        assertEquals(FinishReason.STOP, answer.finishReason());
        JsonNode messages = server.lastRequest("/v1/chat/completions").json().get("messages");
        JsonNode sentCall = messages.get(1).get("tool_calls").get(0);
        assertEquals(call.id(), sentCall.get("id").asText());
        assertEquals(call.rawArguments(), sentCall.get("function").get("arguments").asText());
        assertFalse(messages.get(1).has("content"), "an assistant message with only tool calls sends no content");
        assertEquals(call.id(), messages.get(2).get("tool_call_id").asText());
        assertThrows(InvalidRequestException.class, () -> client.chat(ChatRequest.of(ChatMessage.user("x"),
                ChatMessage.toolResult(null, "get_weather", "18 C"))));
    }

    @Test
    void toolChoiceAndParallelCallsAreSentAndHonoured() {
        assertTrue(client.chat(ask().toolChoice(ToolChoice.NONE).build()).toolCalls().isEmpty());
        assertEquals("none", server.lastRequest("/v1/chat/completions").json().get("tool_choice").asText());

        GenerationResult named = client.chat(ask().tool(TIME).toolChoice(ToolChoice.named("get_time")).build());
        assertEquals(List.of("get_time"), named.toolCalls().stream().map(ToolCall::name).toList());
        JsonNode choice = server.lastRequest("/v1/chat/completions").json().get("tool_choice");
        assertEquals("get_time", choice.get("function").get("name").asText());

        GenerationResult single = client.chat(ask().tool(TIME).toolChoice(ToolChoice.REQUIRED).parallelToolCalls(false).build());
        assertEquals(1, single.toolCalls().size());
        RecordedRequest sent = server.lastRequest("/v1/chat/completions");
        assertEquals("required", sent.json().get("tool_choice").asText());
        assertFalse(sent.json().get("parallel_tool_calls").asBoolean());

        client.chat(List.of(ChatMessage.user("hi")), GenerationOptions.DEFAULTS);
        assertFalse(server.lastRequest("/v1/chat/completions").json().has("tool_choice"), "no tool_choice without tools");
    }

    @Test
    void argumentsThatBreakTheSchemaAreReported() {
        FakeOpenAiServer other = FakeOpenAiServer.start(ServedModel.of("m").withToolCall("get_weather", "{\"city\": 7"));
        try (OpenAiClient c = TestConfigs.client(other, LlmConfig.MODEL, "m")) {
            ToolCall broken = c.chat(ask().build()).toolCalls().get(0);
            assertEquals(ToolCall.Status.INVALID_JSON, broken.status());
            assertEquals("{\"city\": 7", broken.rawArguments());
        } finally {
            other.close();
        }
    }

    @Test
    void reasoningArrivesApartFromTheAnswerWithEffortAndCompletionTokens() {
        ChatRequest request = ChatRequest.of(List.of(ChatMessage.user("Weather?")),
                GenerationOptions.builder().think(ThinkLevel.LOW).maxTokens(50).build());
        GenerationResult whole = client.chat(request);
        assertEquals("Let me think", whole.reasoning());
        assertEquals("It is sunny", whole.text());
        JsonNode sent = server.lastRequest("/v1/chat/completions").json();
        assertEquals("low", sent.get("reasoning_effort").asText());
        assertEquals(50, sent.get("max_completion_tokens").asInt());
        assertFalse(sent.has("max_tokens"));

        RecordedEvents events = RecordedEvents.read(client.chatStream(request));
        assertEquals(List.of("Let", " me", " think"), events.reasoning());
        assertEquals(List.of("It", " is", " sunny"), events.text());

        GenerationResult capped = client.chat(request.withOptions(GenerationOptions.builder().think(Think.ON).maxTokens(2).build()));
        assertEquals(FinishReason.LENGTH, capped.finishReason(), "the fake server honours max_completion_tokens");
        assertEquals("It is", capped.text());
    }
}
