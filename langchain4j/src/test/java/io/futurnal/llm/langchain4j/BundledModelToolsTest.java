package io.futurnal.llm.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.service.AiServices;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmCall;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AiServices tool round trip on the bundled stories260K model, in-process. The toy model
 * cannot reason about weather, but the backends decode its reply under the tool's schema, so the
 * call always parses; the answer after the tool result is text.
 */
class BundledModelToolsTest {

    static final class Weather {
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Tool("The current temperature in a city")
        String temperature(@P(name = "city", description = "the city") String city) {
            asked.add(city);
            return "18 degrees";
        }
    }

    interface Forecaster {
        String forecast(String question);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llamacpp", "hf"})
    void anAiServicesToolRunsOnTheBundledModel(String backend) {
        List<FinishReason> finishes = new CopyOnWriteArrayList<>();
        LlmListener finishReasons = new LlmListener() {
            @Override
            public void onFinish(LlmCall call, GenerationResult result) {
                finishes.add(result.finishReason());
            }
        };
        LlmConfig config = LlmConfig.builder().environment(Map.of()).systemProperties(Map.of())
                .set(LlmConfig.CACHE_DIR, System.getProperty(LlmConfig.CACHE_DIR))
                .backend(backend).listener(finishReasons).build();
        try (LlmClient client = LlmClients.create(config)) {
            FuturnalChatModel model = new FuturnalChatModel(client,
                    DefaultChatRequestParameters.builder().maxOutputTokens(48).temperature(0.0).build());
            Weather weather = new Weather();
            Forecaster forecaster = AiServices.builder(Forecaster.class).chatModel(model).tools(weather).build();

            String answer = forecaster.forecast("How warm is it in Paris?");

            assertNotNull(answer);
            assertEquals(1, weather.asked.size(), "the tool ran once");
            assertEquals(2, finishes.size(), "a call, then an answer: " + finishes);
            assertEquals(FinishReason.TOOL_CALLS, finishes.get(0));
            assertTrue(finishes.get(1) == FinishReason.STOP || finishes.get(1) == FinishReason.LENGTH, finishes.toString());
        }
    }
}
