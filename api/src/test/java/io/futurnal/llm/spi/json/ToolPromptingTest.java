package io.futurnal.llm.spi.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.IncompleteOutputException;
import io.futurnal.llm.Role;
import io.futurnal.llm.ToolCall;
import io.futurnal.llm.ToolChoice;
import io.futurnal.llm.ToolDefinition;
import io.futurnal.llm.spi.AbstractTokenStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tool calls for in-process backends: the call schema, the plain conversation, and the call read back. */
class ToolPromptingTest {

    private static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "Current weather",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
    private static final ToolDefinition TIME = ToolDefinition.of("get_time", "", null);

    private static ChatRequest request(ToolChoice choice, ChatMessage... messages) {
        return ChatRequest.builder().messages(List.of(messages)).tool(WEATHER).tool(TIME).toolChoice(choice)
                .options(GenerationOptions.builder().maxTokens(40).build()).build();
    }

    @Test
    void theCallSchemaTakesOnlyCallsOfTheAllowedTools() {
        JsonAutomaton any = JsonAutomaton.forSchema(ToolPrompting.callSchema(request(ToolChoice.AUTO, ChatMessage.user("hi"))));
        assertTrue(any.feed("{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}").isComplete());
        assertTrue(any.feed("{\"name\":\"get_time\",\"arguments\":{}}").isComplete());
        assertTrue(any.feed("{\"name\":\"get_weather\",\"arguments\":{}}").isDead());
        assertTrue(any.feed("{\"name\":\"other\"").isDead());
        JsonAutomaton named = JsonAutomaton.forSchema(ToolPrompting.callSchema(request(ToolChoice.named("get_time"),
                ChatMessage.user("hi"))));
        assertTrue(named.feed("{\"name\":\"get_w").isDead());
    }

    @Test
    void autoCallsExceptRightAfterAToolResult() {
        assertTrue(ToolPrompting.callsATool(request(ToolChoice.AUTO, ChatMessage.user("hi"))));
        assertFalse(ToolPrompting.callsATool(request(ToolChoice.NONE, ChatMessage.user("hi"))));
        ToolCall call = ToolCall.of("c1", "get_weather", Map.of("city", "Paris"));
        ChatMessage[] roundTrip = {ChatMessage.user("hi"), ChatMessage.assistant("", List.of(call)),
            ChatMessage.toolResult(call, "18 C")};
        assertFalse(ToolPrompting.callsATool(request(ToolChoice.AUTO, roundTrip)));
        assertTrue(ToolPrompting.callsATool(request(ToolChoice.REQUIRED, roundTrip)));

        List<ChatMessage> plain = ToolPrompting.plainMessages(request(ToolChoice.AUTO, roundTrip));
        assertEquals(List.of(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER), plain.stream().map(ChatMessage::role).toList());
        assertTrue(plain.get(0).content().contains("get_weather: Current weather"), plain.get(0).content());
        assertEquals("{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}", plain.get(2).content());
        assertEquals("Result of the tool get_weather: 18 C", plain.get(3).content());
        assertTrue(ToolPrompting.transcript(plain).endsWith("User: Result of the tool get_weather: 18 C\n\nAssistant:"));
    }

    @Test
    void theDecodedReplyComesBackAsOneValidatedCall() {
        ChatRequest ask = request(ToolChoice.AUTO, ChatMessage.user("hi"));
        GenerationResult r = ToolPrompting.asToolCall(new Fixed("{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}",
                FinishReason.STOP, ask), ask, "x", "m").result();
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        assertEquals("", r.text());
        assertEquals(Map.of("city", "Oslo"), r.toolCalls().get(0).arguments());

        IncompleteOutputException cut = assertThrows(IncompleteOutputException.class, () -> ToolPrompting.asToolCall(
                new Fixed("{\"name\":\"get_weather\",\"argu", FinishReason.LENGTH, ask), ask, "x", "m").result());
        assertTrue(cut.getMessage().contains("tool call"), cut.getMessage());
        assertEquals(FinishReason.LENGTH, cut.partial().finishReason());
    }

    /** A stream of one fixed reply, decoded as JSON (so LENGTH means cut short). */
    private static final class Fixed extends AbstractTokenStream {
        private String text;
        private final FinishReason reason;

        Fixed(String text, FinishReason reason, ChatRequest request) {
            super("x", "m", ToolPrompting.callOptions(request));
            this.text = text;
            this.reason = reason;
        }

        @Override
        protected String fetchNext() {
            String piece = text;
            text = null;
            if (piece == null) {
                finish(reason, GenerationMetrics.EMPTY);
            }
            return piece;
        }

        @Override
        protected void release(boolean interrupted) {
        }
    }
}
