package io.futurnal.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolCallingTypesTest {

    static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "Weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

    @Test
    void toolDefinitionsCheckNameAndSchema() {
        assertEquals("city", ((Map<?, ?>) WEATHER.parametersSchema().get("properties")).keySet().iterator().next());
        assertEquals(ToolDefinition.NO_PARAMETERS, ToolDefinition.of("now", null, null).parameters());
        assertThrows(InvalidRequestException.class, () -> ToolDefinition.of("get weather", "", null));
        assertThrows(InvalidRequestException.class, () -> ToolDefinition.of("x", "", "{oops"));
        assertThrows(InvalidRequestException.class, () -> ToolDefinition.of("x", "", "[]"));
        assertThrows(InvalidRequestException.class, () -> ToolDefinition.of("x", "", "{\"type\":\"string\"}"));
    }

    @Test
    void callsAreParsedAndCheckedAgainstTheOfferedTools() {
        ToolCall ok = ToolCall.parse("c1", "get_weather", "{\"city\":\"Paris\",\"days\":3}", List.of(WEATHER));
        assertTrue(ok.isValid());
        assertEquals(Map.of("city", "Paris", "days", 3L), ok.arguments());
        assertThrows(UnsupportedOperationException.class, () -> ok.arguments().put("x", 1));
        assertEquals("{\"id\":\"c1\",\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\",\"days\":3}}", ok.toString());

        ToolCall broken = ToolCall.parse("c2", "get_weather", "{\"city\":", List.of(WEATHER));
        assertEquals(ToolCall.Status.INVALID_JSON, broken.status());
        InvalidToolCallException e = assertThrows(InvalidToolCallException.class, broken::arguments);
        assertEquals("{\"city\":", e.rawArguments());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());

        ToolCall wrongType = ToolCall.parse("c3", "get_weather", "{\"city\":7}", List.of(WEATHER));
        assertEquals(ToolCall.Status.SCHEMA_VIOLATION, wrongType.status());
        assertTrue(wrongType.problem().orElseThrow().contains("$.city"), wrongType.problem().orElseThrow());
        assertEquals(ToolCall.Status.UNKNOWN_TOOL, ToolCall.parse("c4", "launch", "{}", List.of(WEATHER)).status());
        assertEquals(ToolCall.Status.INVALID_JSON, ToolCall.parse("c5", "x", "[1]").status());
        assertEquals(Map.of(), ToolCall.parse("c6", "x", "").arguments());
        assertEquals(ok, ToolCall.parse("c1", "get_weather", "{\"city\":\"Paris\",\"days\":3}"));
    }

    @Test
    void messagesFollowTheToolRules() {
        ToolCall call = ToolCall.of("c1", "get_weather", Map.of("city", "Paris"));
        ChatMessage answer = ChatMessage.toolResult(call, "18 C");
        assertEquals("c1", answer.toolCallId());
        assertEquals("get_weather", answer.toolName());
        assertThrows(InvalidRequestException.class, () -> new ChatMessage(Role.USER, "x", null, List.of(call), null, null));
        assertThrows(InvalidRequestException.class, () -> ChatMessage.toolResult(null, null, "x"));
        assertThrows(InvalidRequestException.class, () -> new ChatMessage(Role.USER, "x", null, null, "c1", null));
    }

    @Test
    void requestsAreCheckedOnceAndLinkToolResults() {
        ToolCall call = ToolCall.of("c1", "get_weather", Map.of("city", "Paris"));
        ChatRequest request = ChatRequest.builder().message(ChatMessage.user("weather?")).tool(WEATHER).build();
        ChatRequest next = request.appending(ChatMessage.assistant("", List.of(call)), ChatMessage.toolResult(null, "get_weather", "18 C"));
        assertEquals("c1", next.messages().get(2).toolCallId());
        assertEquals("get_weather", request.appending(ChatMessage.assistant("", List.of(call)),
                ChatMessage.toolResult("c1", null, "18 C")).messages().get(2).toolName());

        assertThrows(InvalidRequestException.class, () -> ChatRequest.of(List.of()));
        assertThrows(InvalidRequestException.class, () -> ChatRequest.builder().message(ChatMessage.user("x"))
                .toolChoice(ToolChoice.REQUIRED).build());
        assertThrows(InvalidRequestException.class, () -> request.toBuilder().toolChoice(ToolChoice.named("other")).build());
        assertThrows(InvalidRequestException.class, () -> request.toBuilder().tool(WEATHER).build());
        assertEquals(ToolChoice.Mode.NAMED, request.toBuilder().toolChoice(ToolChoice.named("get_weather")).build().toolChoice().mode());

        UnsupportedCapabilityException noTools = assertThrows(UnsupportedCapabilityException.class,
                () -> request.requireSupportedBy(Set.of(Capability.CHAT), "the x backend"));
        assertEquals(Capability.TOOLS, noTools.capability());
        ChatRequest thinking = ChatRequest.of(List.of(ChatMessage.user("x")),
                GenerationOptions.builder().think(ThinkLevel.HIGH).build());
        assertEquals(Capability.REASONING, assertThrows(UnsupportedCapabilityException.class,
                () -> thinking.requireSupportedBy(Set.of(Capability.CHAT), "the x backend")).capability());
        thinking.requireSupportedBy(Set.of(Capability.REASONING), "the x backend");
        ChatRequest.of(List.of(ChatMessage.user("x")), GenerationOptions.builder().think(Think.OFF).build())
                .requireSupportedBy(Set.of(), "the x backend");
    }

    @Test
    void thinkOptionsAreChecked() {
        assertEquals(ThinkLevel.MEDIUM, ThinkLevel.parse(" Medium "));
        assertThrows(InvalidRequestException.class, () -> ThinkLevel.parse("max"));
        assertThrows(InvalidRequestException.class, () -> new Think(false, ThinkLevel.LOW));
        assertThrows(InvalidRequestException.class, () -> GenerationOptions.builder().think(Think.ON).extra("think", true).build());
        assertFalse(GenerationOptions.DEFAULTS.toBuilder().think(Think.OFF).build().think().enabled());
    }
}
