package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelSummary;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.openai.FakeOpenAiServer;
import io.futurnal.llm.testserver.openai.ServedModel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The non-streamed calls: {@code generate}, {@code chat}, {@code embed}, {@code listModels}. */
class OpenAiWholeAnswerTest {

    private FakeOpenAiServer server;
    private OpenAiClient client;

    @BeforeEach
    void start() {
        server = FakeOpenAiServer.start(ServedModel.of("gen", "The", " answer", " is", " 42"),
                ServedModel.embedding("BAAI/bge-small-en-v1.5", 12));
        client = TestConfigs.client(server, LlmConfig.MODEL, "gen");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void generateAsksForOneJsonAnswer() {
        GenerationResult r = client.generate("q", GenerationOptions.builder().maxTokens(3).build());
        assertEquals("The answer is", r.text());
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals(1, r.metrics().promptTokens());
        assertEquals(3, r.metrics().generatedTokens());
        assertTrue(r.metrics().totalDuration().toNanos() > 0);
        RecordedRequest sent = server.lastRequest("/v1/completions");
        assertEquals(false, sent.field("stream").asBoolean(true));
        assertTrue(sent.field("stream_options").isMissingNode(), "vLLM rejects stream_options without streaming");
        assertEquals("application/json", sent.header("Accept").orElseThrow());
    }

    @Test
    void chatAsksForOneJsonAnswerWithTheFormat() {
        GenerationResult r = client.chat(List.of(ChatMessage.user("q")),
                GenerationOptions.builder().format(ResponseFormat.JSON).stop(" is").build());
        assertEquals("The answer", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        RecordedRequest sent = server.lastRequest("/v1/chat/completions");
        assertEquals("json_object", sent.field("response_format.type").asText());
        assertEquals(" is", sent.field("stop.0").asText());
        assertEquals("gen", r.model());
    }

    @Test
    void theDefaultGenerateAndChatUseTheWholeAnswerPath() {
        assertEquals("The answer is 42", client.generate("q").text());
        assertEquals(false, server.lastRequest("/v1/completions").field("stream").asBoolean(true));
        assertEquals(0, server.requests("/v1/chat/completions").size());
    }

    @Test
    void embeddingsComeBackInInputOrderFromTheEmbeddingModel() {
        try (OpenAiClient c = TestConfigs.client(server, LlmConfig.MODEL, "gen",
                OpenAiSettings.EMBEDDING_MODEL.name(), "BAAI/bge-small-en-v1.5")) {
            assertTrue(c.capabilities().contains(Capability.EMBEDDINGS));
            EmbeddingResult r = c.embed(List.of("alpha", "beta gamma", "alpha"));
            assertEquals(3, r.vectors().size());
            assertEquals(12, r.dimensions());
            assertArrayEquals(FakeOpenAiServer.expectedEmbedding("alpha", 12), r.vectors().get(0));
            assertArrayEquals(FakeOpenAiServer.expectedEmbedding("beta gamma", 12), r.vectors().get(1));
            assertArrayEquals(r.vectors().get(0), r.vectors().get(2));
            assertEquals(4, r.promptTokens());
            assertEquals("BAAI/bge-small-en-v1.5", r.model());
            RecordedRequest sent = server.lastRequest("/v1/embeddings");
            assertEquals("BAAI/bge-small-en-v1.5", sent.field("model").asText());
            assertEquals("beta gamma", sent.field("input.1").asText());
            assertEquals("float", sent.field("encoding_format").asText());
            assertEquals(0, c.embed(List.of()).vectors().size());
        }
    }

    @Test
    void vectorsSentOutOfOrderArePutBackInInputOrder() {
        server.faults().next("/v1/embeddings", Fault.jsonStatus(200, "{\"model\":\"e\",\"data\":["
                + "{\"index\":1,\"embedding\":[0.5,0.5]},{\"index\":0,\"embedding\":[1.0,0.0]}],\"usage\":{\"prompt_tokens\":2}}"));
        EmbeddingResult r = client.embed(List.of("a", "b"));
        assertArrayEquals(new float[] {1f, 0f}, r.vectors().get(0));
        assertArrayEquals(new float[] {0.5f, 0.5f}, r.vectors().get(1));

        server.faults().next("/v1/embeddings", Fault.jsonStatus(200, "{\"data\":[{\"index\":0,\"embedding\":[1.0]}]}"));
        BackendFailureException e = assertThrows(BackendFailureException.class, () -> client.embed(List.of("a", "b")));
        assertTrue(e.getMessage().contains("1 embeddings for 2 inputs"), e.getMessage());
    }

    @Test
    void embeddingWithAModelThatCannotIsAnInvalidRequest() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> client.embed(List.of("x")));
        assertTrue(e.getMessage().contains("does not support Embeddings API"), e.getMessage());
    }

    @Test
    void listModelsReportsWhatTheServerSays() {
        List<ModelSummary> models = client.listModels();
        assertEquals(List.of("gen", "BAAI/bge-small-en-v1.5"), models.stream().map(ModelSummary::name).toList());
        assertEquals("vllm", models.get(0).details().get("ownedBy"));
        assertEquals("4096", models.get(0).details().get("maxModelLen"));
        assertEquals("gen", models.get(0).details().get("root"));
    }

    @Test
    void theClientIsReachableThroughUnwrapAndClosingTwiceIsHarmless() {
        LlmClient plain = client;
        OpenAiClient unwrapped = plain.unwrap(OpenAiClient.class).orElseThrow();
        assertEquals(server.openAiBaseUrl().toString(), unwrapped.baseUrl());
        unwrapped.close();
        unwrapped.close();
        assertThrows(IllegalStateException.class, () -> unwrapped.generate("x"));
    }
}
