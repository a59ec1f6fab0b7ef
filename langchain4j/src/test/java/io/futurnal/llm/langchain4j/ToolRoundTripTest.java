package io.futurnal.llm.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** LangChain4j tools to ours and back: a full AiServices round trip against the fake Ollama server. */
class ToolRoundTripTest {

    static final class Weather {
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Tool("The current temperature in a city")
        String temperature(@P(name = "city", description = "the city") String city) {
            asked.add(city);
            return "18 degrees in " + city;
        }
    }

    interface Forecaster {
        String forecast(String question);
    }

    private static ScriptedModel weatherModel() {
        return ScriptedModel.of("llama3.1:8b", "unused").withToolCall("temperature", "{\"city\":\"Paris\"}");
    }

    @Test
    void anAiServicesToolRunsAndItsResultGoesBackToTheModel() {
        try (FakeOllamaServer server = FakeOllamaServer.start(weatherModel());
             FuturnalChatModel model = FuturnalChatModel.create(FakeOllamaLangChain4jTest.config(server, "llama3.1:8b"))) {
            Weather weather = new Weather();
            Forecaster forecaster = AiServices.builder(Forecaster.class).chatModel(model).tools(weather).build();

            assertEquals("Tool temperature said: 18 degrees in Paris", forecaster.forecast("How warm is Paris?"));
            assertEquals(List.of("Paris"), weather.asked);

            List<JsonNode> chats = server.requests("/api/chat").stream().map(r -> r.json()).toList();
            assertEquals(2, chats.size());
            JsonNode tool = chats.get(0).get("tools").get(0).get("function");
            assertEquals("temperature", tool.get("name").asText());
            assertEquals("string", tool.get("parameters").get("properties").get("city").get("type").asText(), tool.toString());
            JsonNode history = chats.get(1).get("messages");
            assertEquals("assistant", history.get(1).get("role").asText());
            assertEquals("Paris", history.get(1).get("tool_calls").get(0).get("function").get("arguments").get("city").asText());
            assertEquals("tool", history.get(2).get("role").asText());
            assertEquals("18 degrees in Paris", history.get(2).get("content").asText());
        }
    }

    @Test
    void aToolCallComesBackAsAToolExecutionRequestWithTheToolExecutionFinishReason() {
        try (FakeOllamaServer server = FakeOllamaServer.start(weatherModel());
             FuturnalChatModel model = FuturnalChatModel.create(FakeOllamaLangChain4jTest.config(server, "llama3.1:8b"))) {
            ToolSpecification spec = ToolSpecification.builder().name("temperature").description("temperature of a city")
                    .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
            UserMessage question = UserMessage.from("How warm is Paris?");
            ChatResponse first = model.chat(ChatRequest.builder().messages(question).toolSpecifications(spec).build());
            assertEquals(FinishReason.TOOL_EXECUTION, first.finishReason());
            ToolExecutionRequest call = first.aiMessage().toolExecutionRequests().get(0);
            assertEquals("temperature", call.name());
            assertTrue(call.arguments().contains("Paris"), call.arguments());

            ChatResponse second = model.chat(ChatRequest.builder().messages(question, first.aiMessage(),
                    ToolExecutionResultMessage.from(call, "18 degrees")).toolSpecifications(spec).build());
            assertEquals("Tool temperature said: 18 degrees", second.aiMessage().text());
            assertEquals(FinishReason.STOP, second.finishReason());
        }
    }

    @Test
    void aStreamedToolCallIsHandedOverCompleteAndEndsTheResponse() throws Exception {
        try (FakeOllamaServer server = FakeOllamaServer.start(weatherModel());
             FuturnalStreamingChatModel model = FuturnalStreamingChatModel.create(FakeOllamaLangChain4jTest.config(server, "llama3.1:8b"))) {
            ToolSpecification spec = ToolSpecification.builder().name("temperature")
                    .parameters(JsonObjectSchema.builder().addStringProperty("city").build()).build();
            RecordingHandler handler = new RecordingHandler();
            model.chat(ChatRequest.builder().messages(UserMessage.from("Paris?")).toolSpecifications(spec).build(), handler);
            List<CompleteToolCall> calls = handler.toolCalls;
            ChatResponse response = handler.done.get(10, TimeUnit.SECONDS);
            assertEquals(1, calls.size());
            assertEquals(0, calls.get(0).index());
            assertEquals("temperature", calls.get(0).toolExecutionRequest().name());
            assertEquals(FinishReason.TOOL_EXECUTION, response.finishReason());
            AiMessage message = response.aiMessage();
            assertEquals(calls.get(0).toolExecutionRequest(), message.toolExecutionRequests().get(0));
        }
    }
}
