package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.StreamEvent;
import io.futurnal.llm.Think;
import io.futurnal.llm.ThinkLevel;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.ToolCall;
import io.futurnal.llm.ToolChoice;
import io.futurnal.llm.ToolDefinition;
import io.futurnal.llm.UnsupportedCapabilityException;
import io.futurnal.llm.testing.RecordedEvents;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tools and thinking on Ollama's wire, against the fake Ollama. */
class OllamaToolsTest {

    static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "Current weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

    private FakeOllamaServer ollama;
    private OllamaClient client;

    @BeforeEach
    void start() {
        ollama = FakeOllamaServer.start(
                ScriptedModel.of("qwen3:4b", "It", " is", " sunny").withThinking("Let", " me", " think")
                        .withToolCall("get_weather", "{\"city\":\"Paris\"}"),
                ScriptedModel.of("gemma:2b", "Hi").withCapabilities("completion"),
                ScriptedModel.embedding("nomic-embed-text", 8));
        client = TestConfigs.client(ollama, "qwen3:4b");
    }

    @AfterEach
    void stop() {
        client.close();
        ollama.close();
    }

    private static ChatRequest weatherRequest() {
        return ChatRequest.builder().message(ChatMessage.user("Weather in Paris?")).tool(WEATHER)
                .options(GenerationOptions.builder().think(Think.OFF).build()).build();
    }

    @Test
    void aToolCallArrivesWholeOrStreamedWithParsedArguments() {
        GenerationResult whole = client.chat(weatherRequest());
        assertEquals(FinishReason.TOOL_CALLS, whole.finishReason());
        ToolCall call = whole.toolCalls().get(0);
        assertEquals("get_weather", call.name());
        assertEquals(Map.of("city", "Paris"), call.arguments());
        assertTrue(call.id().startsWith("call_"), call.id());

        RecordedRequest sent = ollama.lastRequest("/api/chat");
        JsonNode tool = sent.field("tools").get(0);
        assertEquals("function", tool.get("type").asText());
        assertEquals("get_weather", tool.get("function").get("name").asText());
        assertEquals("string", tool.get("function").get("parameters").get("properties").get("city").get("type").asText());
        assertFalse(sent.field("think").asBoolean());

        List<StreamEvent> events = new ArrayList<>();
        try (TokenStream stream = client.chatStream(weatherRequest())) {
            stream.events().forEachRemaining(events::add);
        }
        StreamEvent.ToolCallComplete streamed = (StreamEvent.ToolCallComplete) events.get(0);
        assertEquals(call, streamed.call());
        assertEquals(FinishReason.TOOL_CALLS, ((StreamEvent.Finish) events.get(events.size() - 1)).finishReason());
    }

    @Test
    void aToolResultGoesBackWithTheToolsName() {
        ChatRequest first = weatherRequest();
        GenerationResult reply = client.chat(first);
        ToolCall call = reply.toolCalls().get(0);
        ChatRequest second = first.appending(ChatMessage.assistant(reply), ChatMessage.toolResult(call, "18 C and sunny"));
        GenerationResult answer = client.chat(second);
        assertEquals("Tool get_weather said: 18 C and sunny", answer.text());
        assertEquals(FinishReason.STOP, answer.finishReason());

        JsonNode messages = ollama.lastRequest("/api/chat").field("messages");
        JsonNode assistant = messages.get(1);
        assertEquals("Paris", assistant.get("tool_calls").get(0).get("function").get("arguments").get("city").asText());
        assertEquals(call.id(), assistant.get("tool_calls").get(0).get("id").asText());
        assertEquals("tool", messages.get(2).get("role").asText());
        assertEquals("get_weather", messages.get(2).get("tool_name").asText());
    }

    @Test
    void toolChoiceNoneLeavesTheToolsOutAndForcedChoicesAreRefused() {
        GenerationResult text = client.chat(weatherRequest().toBuilder().toolChoice(ToolChoice.NONE).build());
        assertEquals("It is sunny", text.text());
        assertTrue(text.toolCalls().isEmpty());
        assertFalse(ollama.lastRequest("/api/chat").json().has("tools"));
        for (ToolChoice forced : List.of(ToolChoice.REQUIRED, ToolChoice.named("get_weather"))) {
            UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                    () -> client.chat(weatherRequest().toBuilder().toolChoice(forced).build()));
            assertEquals(Capability.TOOLS, e.capability());
        }
    }

    @Test
    void argumentsThatBreakTheSchemaAreReportedNotPassedOn() {
        FakeOllamaServer other = FakeOllamaServer.start(ScriptedModel.of("m:1").withToolCall("get_weather", "{\"town\":\"Paris\"}"));
        try (OllamaClient c = TestConfigs.client(other, "m:1")) {
            ToolCall call = c.chat(weatherRequest()).toolCalls().get(0);
            assertEquals(ToolCall.Status.SCHEMA_VIOLATION, call.status());
            assertEquals("{\"town\":\"Paris\"}", call.rawArguments());
        } finally {
            other.close();
        }
    }

    @Test
    void thinkingComesApartFromTheAnswerInChatAndGenerate() {
        ChatRequest ask = ChatRequest.of(List.of(ChatMessage.user("Weather?")), GenerationOptions.builder().think(ThinkLevel.HIGH).build());
        GenerationResult r = client.chat(ask);
        assertEquals("Let me think", r.reasoning());
        assertEquals("It is sunny", r.text());
        assertEquals("high", ollama.lastRequest("/api/chat").field("think").asText());

        RecordedEvents events = RecordedEvents.read(client.chatStream(ask));
        assertEquals(List.of("Let", " me", " think"), events.reasoning());
        assertEquals(List.of("It", " is", " sunny"), events.text());

        GenerationResult generated = client.generate("Weather?", GenerationOptions.builder().think(Think.ON).build());
        assertEquals("Let me think", generated.reasoning());
        assertEquals("It is sunny", generated.text());
        assertTrue(ollama.lastRequest("/api/generate").field("think").asBoolean());
        try (TokenStream stream = client.generateStream("Weather?", GenerationOptions.builder().think(Think.ON).build())) {
            assertEquals("Let me think", stream.result().reasoning());
        }
    }

    @Test
    void capabilitiesComeFromShowAndRefusalsAreTyped() {
        assertTrue(client.capabilities().containsAll(List.of(Capability.TOOLS, Capability.REASONING)));
        try (OllamaClient plain = TestConfigs.client(ollama, "gemma:2b")) {
            assertFalse(plain.capabilities().contains(Capability.TOOLS));
            UnsupportedCapabilityException tools = assertThrows(UnsupportedCapabilityException.class, () -> plain.chat(weatherRequest()));
            assertEquals(Capability.TOOLS, tools.capability());
            assertTrue(tools.getMessage().contains("does not support tools"), tools.getMessage());
            UnsupportedCapabilityException think = assertThrows(UnsupportedCapabilityException.class,
                    () -> plain.generate("x", GenerationOptions.builder().think(Think.ON).build()));
            assertEquals(Capability.REASONING, think.capability());
        }
        try (OllamaClient embedder = TestConfigs.client(ollama, "nomic-embed-text")) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> embedder.generate("x"));
            assertTrue(e.getMessage().contains("does not support generate"), e.getMessage());
            assertThrows(UnsupportedCapabilityException.class, () -> embedder.chat(List.of(ChatMessage.user("x")), null));
        }
    }
}
