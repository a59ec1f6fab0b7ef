package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Generate and chat, streamed and whole, against the fake Ollama. */
class OllamaGenerationTest {

    private FakeOllamaServer ollama;
    private OllamaClient client;

    @BeforeEach
    void start() {
        ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "Once", " upon", " a", " time"),
                ScriptedModel.echo("echo:1b"), ScriptedModel.of("qwen3:4b", "42").withThinking("Hmm", "..."));
        client = TestConfigs.client(ollama, "llama3.1:8b");
    }

    @AfterEach
    void stop() {
        client.close();
        ollama.close();
    }

    @Test
    void streamsTheServersTokensOneByOne() {
        List<String> pieces = new ArrayList<>();
        try (TokenStream tokens = client.generateStream("Tell me a story", GenerationOptions.DEFAULTS)) {
            tokens.forEachRemaining(pieces::add);
            GenerationResult result = tokens.result();
            assertEquals("Once upon a time", result.text());
            assertEquals(FinishReason.STOP, result.finishReason());
            assertEquals("ollama", result.backend());
            assertEquals("llama3.1:8b", result.model());
        }
        assertEquals(List.of("Once", " upon", " a", " time"), pieces);
        RecordedRequest sent = ollama.lastRequest("/api/generate");
        assertTrue(sent.field("stream").asBoolean());
        assertEquals("Tell me a story", sent.field("prompt").asText());
        assertEquals("application/x-ndjson", sent.header("Accept").orElseThrow());
        assertTrue(sent.header("User-Agent").orElseThrow().startsWith("futurnal-llm/"));
    }

    @Test
    void mapsTheFinalChunksCountsAndNanosecondsIntoMetrics() {
        GenerationMetrics m = client.generateStream("one two three", GenerationOptions.DEFAULTS).result().metrics();
        assertEquals(3, m.promptTokens());
        assertEquals(4, m.generatedTokens());
        assertEquals(Duration.ofNanos(FakeOllamaServer.LOAD_NANOS_COLD), m.loadDuration());
        assertEquals(Duration.ofNanos(3 * FakeOllamaServer.PROMPT_EVAL_NANOS_PER_TOKEN), m.promptEvalDuration());
        assertEquals(Duration.ofNanos(4 * FakeOllamaServer.EVAL_NANOS_PER_TOKEN), m.generationDuration());
        assertEquals(Duration.ofNanos(FakeOllamaServer.LOAD_NANOS_COLD + 3 * FakeOllamaServer.PROMPT_EVAL_NANOS_PER_TOKEN
                + 4 * FakeOllamaServer.EVAL_NANOS_PER_TOKEN + FakeOllamaServer.OVERHEAD_NANOS), m.totalDuration());
        assertEquals(100.0, m.tokensPerSecond(), 1e-9);
        assertTrue(m.timeToFirstToken().toNanos() > 0, "measured on the client");
    }

    @Test
    void wholeGenerateSendsStreamFalseAndEstimatesTimeToFirstToken() {
        GenerationResult r = client.generate("hi there", GenerationOptions.deterministic());
        assertEquals("Once upon a time", r.text());
        RecordedRequest sent = ollama.lastRequest("/api/generate");
        assertFalse(sent.field("stream").asBoolean());
        assertEquals(42, sent.field("options.seed").asLong());
        assertEquals(0.0, sent.field("options.temperature").asDouble());
        assertEquals(Duration.ofNanos(FakeOllamaServer.LOAD_NANOS_COLD + 2 * FakeOllamaServer.PROMPT_EVAL_NANOS_PER_TOKEN),
                r.metrics().timeToFirstToken());
        assertEquals(4, r.metrics().generatedTokens());
    }

    @Test
    void maxTokensEndsWithLengthAndStopStringsAreApplied() {
        GenerationResult limited = client.generate("x", GenerationOptions.builder().maxTokens(2).build());
        assertEquals("Once upon", limited.text());
        assertEquals(FinishReason.LENGTH, limited.finishReason());
        assertEquals(2, ollama.lastRequest("/api/generate").field("options.num_predict").asInt());
        GenerationResult stopped = client.generateStream("x", GenerationOptions.builder().stop(" a").build()).result();
        assertEquals("Once upon", stopped.text());
        assertEquals(FinishReason.STOP, stopped.finishReason());
    }

    @Test
    void chatSendsRolesAndStreamsTheReply() {
        try (OllamaClient echo = TestConfigs.client(ollama, "echo:1b")) {
            List<ChatMessage> chat = List.of(ChatMessage.system("repeat me"), ChatMessage.user("red green blue"));
            List<String> pieces = new ArrayList<>();
            GenerationResult r = echo.chat(chat, GenerationOptions.DEFAULTS, pieces::add);
            assertEquals(List.of("red", " green", " blue"), pieces);
            assertEquals("red green blue", r.text());
            RecordedRequest sent = ollama.lastRequest("/api/chat");
            assertEquals("system", sent.field("messages.0.role").asText());
            assertEquals("user", sent.field("messages.1.role").asText());
            assertEquals("echo:1b", sent.field("model").asText());
            GenerationResult whole = echo.chat(chat, GenerationOptions.DEFAULTS);
            assertEquals("red green blue", whole.text());
            assertFalse(ollama.lastRequest("/api/chat").field("stream").asBoolean());
        }
    }

    @Test
    void chatImagesGoAsBase64ToAVisionModelAndAreRefusedTypedByOthers() {
        ChatMessage look = ChatMessage.user("what is in the picture?").withImage(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        io.futurnal.llm.UnsupportedCapabilityException refused = assertThrows(io.futurnal.llm.UnsupportedCapabilityException.class,
                () -> client.chat(List.of(look), GenerationOptions.DEFAULTS));
        assertEquals(io.futurnal.llm.Capability.IMAGES, refused.capability());
        try (FakeOllamaServer vision = FakeOllamaServer.start(ScriptedModel.of("llava:7b", "a", " cat").withCapabilities("completion", "vision"));
             OllamaClient llava = TestConfigs.client(vision, "llava:7b")) {
            assertEquals("a cat", llava.chat(List.of(look), GenerationOptions.DEFAULTS).text());
            assertEquals("iVBORw==", vision.lastRequest("/api/chat").field("messages.0.images.0").asText());
        }
    }

    @Test
    void thinkingIsSentAndKeptOutOfTheAnswer() {
        try (OllamaClient thinker = TestConfigs.client(ollama, "qwen3:4b")) {
            GenerationResult r = thinker.chatStream(List.of(ChatMessage.user("meaning?")),
                    GenerationOptions.builder().extra("think", true).build()).result();
            assertEquals("42", r.text());
            assertEquals(3, r.metrics().generatedTokens(), "thinking pieces count as generated tokens");
            assertTrue(ollama.lastRequest("/api/chat").field("think").asBoolean());
        }
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> client.generate("x", GenerationOptions.builder().extra("think", true).build()));
        assertTrue(refused.getMessage().contains("does not support thinking"), refused.getMessage());
    }

    @Test
    void emptyPromptLoadsAndKeepAliveZeroUnloads() {
        client.load("llama3.1:8b");
        assertEquals(List.of("llama3.1:8b"), ollama.loadedModels());
        assertEquals("llama3.1:8b", client.ps().get(0).name());
        assertTrue(client.ps().get(0).expiresAt() != null);
        client.unload("llama3.1:8b");
        assertEquals(List.of(), ollama.loadedModels());
        assertEquals(0, ollama.lastRequest("/api/generate").field("keep_alive").asInt());
        GenerationResult load = client.generate("", GenerationOptions.DEFAULTS);
        assertEquals(FinishReason.OTHER, load.finishReason(), "done_reason load");
    }

    @Test
    void registryNamesBecomeOllamaTagsAndMissingTagsMeanLatest() {
        try (OllamaClient hf = TestConfigs.client(ollama, "meta-llama/Llama-3.1-8B-Instruct")) {
            assertEquals("llama3.1:8b", hf.model());
            assertEquals("Once upon a time", hf.generate("x").text());
        }
        try (OllamaClient untagged = TestConfigs.client(ollama, "echo")) {
            assertEquals("echo:latest", untagged.model());
            ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> untagged.generate("x"));
            assertEquals("echo:latest", e.model());
            assertEquals("run: ollama pull echo:latest", e.hint());
        }
    }

    @Test
    void withoutAConfiguredModelTheFirstPulledOneIsUsed() {
        try (OllamaClient any = TestConfigs.client(ollama, null)) {
            assertEquals("(first pulled model)", any.info().model());
            assertEquals("Once upon a time", any.generate("x").text());
            assertEquals("llama3.1:8b", any.info().model());
        }
    }

    @Test
    void missingModelStreamsFailOnFirstReadWithThePullHint() {
        try (OllamaClient missing = TestConfigs.client(ollama, "llama3.3:70b");
             TokenStream tokens = missing.generateStream("x", GenerationOptions.DEFAULTS)) {
            ModelNotFoundException e = assertThrows(ModelNotFoundException.class, tokens::hasNext);
            assertEquals("llama3.3:70b", e.model());
            assertEquals("run: ollama pull llama3.3:70b", e.hint());
        }
    }

    @Test
    void rejectsBadInputBeforeSending() {
        assertThrows(InvalidRequestException.class, () -> client.generate(null, GenerationOptions.DEFAULTS));
        assertThrows(InvalidRequestException.class, () -> client.chat(List.of(), GenerationOptions.DEFAULTS));
        assertThrows(InvalidRequestException.class, () -> client.show("../etc/passwd"));
        assertEquals(0, ollama.requests("/api/generate").size() + ollama.requests("/api/chat").size());
    }
}
