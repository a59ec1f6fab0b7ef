package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CompletionStateTest {

    private static OpenAiWire.Completion chunk(String json) throws Exception {
        return OpenAiWire.MAPPER.readValue(json, OpenAiWire.Completion.class);
    }

    @Test
    void readsChatDeltasCompletionTextAndWholeMessages() throws Exception {
        CompletionState s = new CompletionState();
        assertEquals("", s.accept(chunk("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"), "u"));
        assertEquals("Hel", s.accept(chunk("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}"), "u"));
        assertEquals("lo", s.accept(chunk("{\"choices\":[{\"index\":0,\"text\":\"lo\"}]}"), "u"));
        assertEquals("all", s.accept(chunk("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"all\"},\"finish_reason\":\"length\"}]}"), "u"));
        assertEquals("", s.accept(chunk("{\"choices\":[{\"index\":1,\"text\":\"other choice\"}]}"), "u"));
        assertEquals(FinishReason.LENGTH, s.finishReason());
    }

    @Test
    void mapsFinishReasons() throws Exception {
        for (String[] c : new String[][] {{"stop", "STOP"}, {"length", "LENGTH"}, {"content_filter", "OTHER"}, {"tool_calls", "TOOL_CALLS"}, {"function_call", "TOOL_CALLS"}}) {
            CompletionState s = new CompletionState();
            s.accept(chunk("{\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"" + c[0] + "\"}]}"), "u");
            assertEquals(FinishReason.valueOf(c[1]), s.finishReason());
        }
        assertEquals(FinishReason.STOP, new CompletionState().finishReason());
        CompletionState error = new CompletionState();
        assertThrows(BackendFailureException.class,
                () -> error.accept(chunk("{\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"error\"}]}"), "u"));
    }

    @Test
    void usageAndLlamaServerTimingsBecomeMetrics() throws Exception {
        CompletionState s = new CompletionState();
        s.accept(chunk("{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":12,\"total_tokens\":17},"
                + "\"timings\":{\"prompt_n\":5,\"prompt_ms\":2.5,\"predicted_n\":12,\"predicted_ms\":120.0}}"), "u");
        GenerationMetrics m = s.metrics();
        assertEquals(5, m.promptTokens());
        assertEquals(12, m.generatedTokens());
        assertEquals(Duration.ofMillis(120), m.generationDuration());
        assertEquals(Duration.ofNanos(2_500_000), m.promptEvalDuration());
        assertEquals(100.0, m.tokensPerSecond(), 1e-9);

        CompletionState onlyTimings = new CompletionState();
        onlyTimings.accept(chunk("{\"choices\":null,\"timings\":{\"prompt_n\":3,\"predicted_n\":4}}"), "u");
        assertEquals(3, onlyTimings.metrics().promptTokens());
        assertEquals(4, onlyTimings.metrics().generatedTokens());
    }
}
