package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ContextLengthExceededException;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code num_ctx} from {@code /api/show} or the setting, and {@code truncate: false} so a long prompt is an error, not cut. */
class OllamaContextTest {

    private static final String SIXTEEN_WORDS = words(16);
    private static final String TWENTY_WORDS = words(20);

    private FakeOllamaServer ollama;

    @BeforeEach
    void start() {
        ollama = FakeOllamaServer.start(ScriptedModel.echo("tiny:1b").withContextLength(16),
                ScriptedModel.of("long:8b", "ok").withContextLength(131_072));
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    @Test
    void aPromptThatFitsRunsWithTheModelsOwnWindowAndNoTruncation() {
        try (OllamaClient client = TestConfigs.client(ollama, "tiny:1b")) {
            GenerationResult r = client.generate(SIXTEEN_WORDS);
            assertEquals(SIXTEEN_WORDS, r.text());
            assertEquals(16, r.metrics().promptTokens());
            assertEquals(16, ollama.lastRequest("/api/generate").field("options.num_ctx").asInt());
            assertFalse(ollama.lastRequest("/api/generate").field("truncate").asBoolean(true));
            client.generate("again");
            assertEquals(1, ollama.requests("/api/show").size(), "the context length is read once per model");
        }
    }

    @Test
    void theModelsOwnWindowIsCappedAt8192() {
        try (OllamaClient client = TestConfigs.client(ollama, "long:8b")) {
            client.chat(List.of(ChatMessage.user("hi")), GenerationOptions.DEFAULTS);
            assertEquals(8192, ollama.lastRequest("/api/chat").field("options.num_ctx").asInt());
            assertFalse(ollama.lastRequest("/api/chat").field("truncate").asBoolean(true));
        }
    }

    @Test
    void theSettingAndACallsOwnNumCtxWin() {
        try (OllamaClient client = new OllamaClient(TestConfigs.forServer(ollama, "long:8b").set(OllamaSettings.CONTEXT, "32768").build())) {
            client.generate("hi");
            assertEquals(32768, ollama.lastRequest("/api/generate").field("options.num_ctx").asInt());
            client.generate("hi", GenerationOptions.builder().extra(Map.of("num_ctx", 1024)).build());
            assertEquals(1024, ollama.lastRequest("/api/generate").field("options.num_ctx").asInt());
        }
    }

    @Test
    void aLoadAsksForTheWindowTheCallsWillUseSoOllamaNeedNotReload() {
        try (OllamaClient client = TestConfigs.client(ollama, "long:8b")) {
            client.load("long:8b");
            assertEquals(8192, ollama.lastRequest("/api/generate").field("options.num_ctx").asInt());
        }
    }

    @Test
    void aPromptThatDoesNotFitIsContextLengthExceededNamingTheWindowAndTheKey() {
        try (OllamaClient client = TestConfigs.client(ollama, "tiny:1b")) {
            ContextLengthExceededException whole = assertThrows(ContextLengthExceededException.class, () -> client.generate(TWENTY_WORDS));
            assertTrue(whole.getMessage().contains("context window of 16 tokens"), whole.getMessage());
            assertTrue(whole.getMessage().contains("FUTURNAL_OLLAMA_CONTEXT"), whole.getMessage());
            assertTrue(whole.getCause().getMessage().contains("the input length exceeds the context length"));

            ContextLengthExceededException streamed = assertThrows(ContextLengthExceededException.class, () -> {
                try (TokenStream tokens = client.generateStream(TWENTY_WORDS, GenerationOptions.DEFAULTS)) {
                    tokens.result();
                }
            });
            assertTrue(streamed.getMessage().contains("16 tokens"), streamed.getMessage());

            ContextLengthExceededException chat = assertThrows(ContextLengthExceededException.class,
                    () -> client.chat(List.of(ChatMessage.user(TWENTY_WORDS)), GenerationOptions.DEFAULTS));
            assertTrue(chat.getMessage().contains("FUTURNAL_OLLAMA_CONTEXT"), chat.getMessage());
        }
    }

    @Test
    void withTruncationOllamaKeepsTheStartAndTheEndOfTheTooLongPrompt() {
        try (OllamaClient client = new OllamaClient(TestConfigs.forServer(ollama, "tiny:1b").set(OllamaSettings.TRUNCATE, "true").build())) {
            GenerationResult r = client.generate(TWENTY_WORDS);
            assertTrue(ollama.lastRequest("/api/generate").field("truncate").asBoolean());
            assertEquals(16, r.metrics().promptTokens());
            assertEquals("w1 w2 w3 w4 " + IntStream.rangeClosed(9, 20).mapToObj(i -> "w" + i).collect(Collectors.joining(" ")),
                    r.text(), "Ollama's runner keeps num_keep (4) tokens and drops the oldest after them");
        }
    }

    @Test
    void withTruncationAChatDropsItsOldestMessagesFirst() {
        try (OllamaClient client = new OllamaClient(TestConfigs.forServer(ollama, "tiny:1b").set(OllamaSettings.TRUNCATE, "true").build())) {
            GenerationResult r = client.chat(List.of(ChatMessage.system("be brief"), ChatMessage.user(words(12)),
                    ChatMessage.assistant("ok"), ChatMessage.user("last question")), GenerationOptions.DEFAULTS);
            assertEquals("last question", r.text());
            assertEquals(5, r.metrics().promptTokens(), "the system message, the assistant's reply and the last question");
        }
    }

    private static String words(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    }
}
