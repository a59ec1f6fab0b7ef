package io.futurnal.llm.langchain4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real LangChain4j (AiServices included) on the Ollama backend against the fake Ollama server. */
class FakeOllamaLangChain4jTest {

    interface Assistant {
        @dev.langchain4j.service.SystemMessage("You answer in one short sentence.")
        String answer(String question);
    }

    record Person(String name, int age) {
    }

    interface Extractor {
        Person extract(String text);
    }

    static LlmConfig config(FakeOllamaServer server, String model) {
        return LlmConfig.builder().environment(Map.of()).systemProperties(Map.of())
                .backend("ollama").set("ollama.host", server.hostAndPort()).model(model)
                .probeTimeout(Duration.ofSeconds(5)).build(); // a cold JVM can miss the 500 ms default
    }

    @Test
    void anAiServicesAssistantSendsTheSystemPromptAndReturnsTheServersAnswer() {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "Hello", ",", " world", "!"));
             FuturnalChatModel model = FuturnalChatModel.create(config(server, "llama3.1:8b"))) {
            Assistant assistant = AiServices.create(Assistant.class, model);
            assertEquals("Hello, world!", assistant.answer("Say hello"));
            JsonNode messages = server.lastRequest("/api/chat").json().get("messages");
            assertEquals("system", messages.get(0).get("role").asText());
            assertEquals("You answer in one short sentence.", messages.get(0).get("content").asText());
            assertEquals("user", messages.get(1).get("role").asText());
            assertEquals("Say hello", messages.get(1).get("content").asText());
        }
    }

    @Test
    void aChatResponseCarriesTokenUsageFinishReasonAndModelAndTheParametersReachTheServer() {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "a", "b", "c"));
             FuturnalChatModel model = FuturnalChatModel.create(config(server, "llama3.1:8b"))) {
            ChatResponse response = model.chat(ChatRequest.builder()
                    .messages(SystemMessage.from("be brief"), UserMessage.from("go"))
                    .temperature(0.0).topK(5).maxOutputTokens(2).stopSequences(List.of("END")).build());
            assertEquals("ab", response.aiMessage().text());
            assertEquals(FinishReason.LENGTH, response.finishReason());
            assertEquals(2, response.tokenUsage().outputTokenCount());
            assertTrue(response.tokenUsage().inputTokenCount() > 0, response.tokenUsage().toString());
            assertEquals("llama3.1:8b", response.modelName());
            JsonNode options = server.lastRequest("/api/chat").json().get("options");
            assertEquals(2, options.get("num_predict").asInt());
            assertEquals(5, options.get("top_k").asInt());
            assertEquals("END", options.get("stop").get(0).asText());
        }
    }

    @Test
    void aJsonSchemaResponseFormatIsSentAsTheSchemaAndAiServicesParseTheAnswer() {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "{\"name\":", "\"Ann\",", "\"age\":7}"));
             FuturnalChatModel model = FuturnalChatModel.create(config(server, "llama3.1:8b"))) {
            assertTrue(model.supportedCapabilities().contains(Capability.RESPONSE_FORMAT_JSON_SCHEMA));
            Person person = AiServices.create(Extractor.class, model).extract("Ann is seven.");
            assertEquals(new Person("Ann", 7), person);
            JsonNode format = server.lastRequest("/api/chat").json().get("format");
            assertEquals("object", format.get("type").asText(), format.toString());
            assertEquals("integer", format.get("properties").get("age").get("type").asText(), format.toString());

            model.chat(ChatRequest.builder().messages(UserMessage.from("json please"))
                    .responseFormat(ResponseFormat.JSON).build());
            assertEquals("json", server.lastRequest("/api/chat").json().get("format").asText());

            JsonSchema schema = JsonSchema.builder().name("Only").rootElement(JsonObjectSchema.builder()
                    .addStringProperty("name").required("name").build()).build();
            model.chat(ChatRequest.builder().messages(UserMessage.from("x"))
                    .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build()).build());
            assertEquals("name", server.lastRequest("/api/chat").json().get("format").get("required").get(0).asText());
        }
    }

    @Test
    void streamingDeliversEachPieceThenTheCompleteResponse() throws Exception {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "Once", " upon", " a", " time"));
             FuturnalStreamingChatModel model = FuturnalStreamingChatModel.create(config(server, "llama3.1:8b"))) {
            RecordingHandler handler = new RecordingHandler();
            model.chat("tell a story", handler);
            ChatResponse response = handler.done.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("Once", " upon", " a", " time"), handler.pieces);
            assertEquals("Once upon a time", response.aiMessage().text());
            assertEquals(FinishReason.STOP, response.finishReason());
            assertEquals(4, response.tokenUsage().outputTokenCount());
        }
    }

    @Test
    void cancellingThroughTheStreamingHandleStopsTheBackendAndEndsTheCallbacks() throws Exception {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.counting("llama3.1:8b", 200));
             FuturnalStreamingChatModel model = FuturnalStreamingChatModel.create(config(server, "llama3.1:8b"))) {
            server.chunkDelay(Duration.ofMillis(20));
            List<String> pieces = new CopyOnWriteArrayList<>();
            CompletableFuture<Object> ended = new CompletableFuture<>();
            CompletableFuture<Void> cancelled = new CompletableFuture<>();
            model.chat("count", new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                    pieces.add(partial.text());
                    if (pieces.size() == 2) {
                        context.streamingHandle().cancel();
                        cancelled.complete(null);
                    }
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    ended.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    ended.complete(error);
                }
            });
            cancelled.get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.inFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, server.inFlight(), "the HTTP exchange was aborted");
            assertEquals(2, pieces.size(), pieces.toString());
            assertFalse(ended.isDone(), "no callback after cancel: " + ended.getNow(null));
        }
    }

    @Test
    void errorsArriveAsLangChain4jTypesWithOurExceptionAsTheCause() throws Exception {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "x"));
             LlmClient client = LlmClients.create(config(server, "llama3.1:8b"))) {
            FuturnalChatModel wrongModel = new FuturnalChatModel(client);
            server.removeModel("llama3.1:8b");
            ModelNotFoundException missing = assertThrows(ModelNotFoundException.class, () -> wrongModel.chat("hi"));
            assertInstanceOf(io.futurnal.llm.ModelNotFoundException.class, missing.getCause());

            assertThrows(UnsupportedFeatureException.class, () -> wrongModel.chat(ChatRequest.builder()
                    .messages(UserMessage.from("hi")).frequencyPenalty(0.5).build()));

            server.close();
            assertThrows(RetriableException.class, () -> wrongModel.chat("hi"));
            RecordingHandler handler = new RecordingHandler();
            new FuturnalStreamingChatModel(client).chat("hi", handler);
            Exception streamed = assertThrows(Exception.class, () -> handler.done.get(10, TimeUnit.SECONDS));
            assertInstanceOf(RetriableException.class, streamed.getCause());
        }
    }

    @Test
    void embeddingsComeBackInInputOrderWithTheirTokenCount() {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.embedding("nomic-embed-text", 8));
             FuturnalEmbeddingModel model = FuturnalEmbeddingModel.create(config(server, "nomic-embed-text"))) {
            List<Embedding> vectors = model.embedAll(List.of(TextSegment.from("alpha"), TextSegment.from("beta"))).content();
            assertEquals(2, vectors.size());
            assertArrayEquals(FakeOllamaServer.expectedEmbedding("alpha", 8), vectors.get(0).vector(), 1e-6f);
            assertArrayEquals(FakeOllamaServer.expectedEmbedding("beta", 8), vectors.get(1).vector(), 1e-6f);
            assertEquals(8, model.dimension());
        }
    }
}
