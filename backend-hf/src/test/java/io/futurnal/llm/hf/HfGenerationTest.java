package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Generation on the shipped stories260K weights: known text, streaming, stops, cancellation, sampling. */
@Timeout(120)
class HfGenerationTest {

    private static final String PROMPT = "Once upon a time";
    private static final GenerationOptions GREEDY = GenerationOptions.builder().temperature(0.0).maxTokens(40).build();

    private final HfClient client = TestModels.shared();

    @Test
    void greedyGenerationContinuesTheKnownStory() {
        GenerationResult result = client.generate(PROMPT, GREEDY);
        assertTrue(result.text().startsWith(TestModels.ONCE_UPON_A_TIME), result.text());
        assertEquals("hf", result.backend());
        assertEquals("stories260k", result.model());
        assertEquals(FinishReason.LENGTH, result.finishReason());
        assertEquals(40, result.metrics().generatedTokens());
        assertEquals(5, result.metrics().promptTokens(), "BOS and four prompt tokens");
        assertTrue(result.metrics().tokensPerSecond() > 0);
    }

    @Test
    void tokenizerGivesTheLlamaCppIds() {
        assertArrayEquals(new int[] {403, 407, 261, 378}, client.tokenize(PROMPT));
        assertEquals(PROMPT, client.detokenize(new int[] {403, 407, 261, 378}));
        assertEquals(1, client.beginOfSequenceId());
    }

    @Test
    void tokenLevelGenerationMatchesTheText() {
        int[] prompt = {1, 403, 407, 261, 378};
        int[] ids = client.generateTokens(prompt, GREEDY);
        assertEquals(40, ids.length);
        assertEquals(client.generate(PROMPT, GREEDY).text(), decodeAfter(prompt, ids));
    }

    @Test
    void streamingGivesTheSameTextAsTheWholeCall() {
        List<String> pieces = new ArrayList<>();
        GenerationResult streamed = client.generate(PROMPT, GREEDY, pieces::add);
        GenerationResult whole = client.generate(PROMPT, GREEDY);
        assertEquals(whole.text(), streamed.text());
        assertEquals(whole.text(), String.join("", pieces));
        assertTrue(pieces.size() > 10, "text arrives in many pieces");
    }

    @Test
    void stopStringEndsGenerationBeforeIt() {
        GenerationResult result = client.generate(PROMPT, GREEDY.toBuilder().stop("Lily").build());
        assertEquals(", there was a little girl named ", result.text());
        assertEquals(FinishReason.STOP, result.finishReason());
    }

    @Test
    void cancellingStopsTheStream() {
        try (TokenStream stream = client.generateStream(PROMPT, GenerationOptions.builder().temperature(0.0).build())) {
            assertTrue(stream.hasNext());
            stream.next();
            stream.cancel();
            assertFalse(stream.hasNext());
            assertTrue(stream.isCancelled());
            assertEquals(FinishReason.CANCELLED, stream.result().finishReason());
        }
    }

    @Test
    void cancellingFromAnotherThreadStopsAStreamThatIsBeingRead() throws Exception {
        TokenStream stream = client.generateStream(PROMPT, GenerationOptions.builder().temperature(0.0).build());
        CountDownLatch reading = new CountDownLatch(1);
        List<String> read = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (stream.hasNext()) {
                read.add(stream.next());
                reading.countDown();
            }
        });
        reader.start();
        assertTrue(reading.await(30, TimeUnit.SECONDS));
        stream.cancel();
        reader.join(10_000);
        assertFalse(reader.isAlive(), "the reader ends after cancel");
        assertEquals(FinishReason.CANCELLED, stream.result().finishReason());
        assertTrue(read.size() < 2000, "generation stopped well before the context filled");
        stream.close();
        // the client still works after a cancelled stream
        assertTrue(client.generate(PROMPT, GREEDY).text().startsWith(TestModels.ONCE_UPON_A_TIME));
    }

    @Test
    void sameSeedGivesSameTextAtTemperature() {
        GenerationOptions sampled = GenerationOptions.builder().temperature(1.0).seed(7L).maxTokens(60).build();
        String first = client.generate(PROMPT, sampled).text();
        String second = client.generate(PROMPT, sampled).text();
        assertEquals(first, second);
        List<String> others = new ArrayList<>();
        for (long seed = 8; seed < 12; seed++) {
            others.add(client.generate(PROMPT, sampled.toBuilder().seed(seed).build()).text());
        }
        assertTrue(others.stream().anyMatch(t -> !t.equals(first)), "other seeds give other stories");
        assertNotEquals(client.generate(PROMPT, GREEDY.toBuilder().maxTokens(60).build()).text(), first,
                "temperature 1 does not reproduce the greedy text");
    }

    @Test
    void topKOfOneIsGreedy() {
        GenerationOptions topOne = GenerationOptions.builder().temperature(1.5).topK(1).seed(3L).maxTokens(40).build();
        assertEquals(client.generate(PROMPT, GREEDY).text(), client.generate(PROMPT, topOne).text());
    }

    @Test
    void systemPromptGoesBeforeThePrompt() {
        GenerationOptions withSystem = GREEDY.toBuilder().systemPrompt("Tom had a dog.").build();
        String expected = client.generate("Tom had a dog.\n\n" + PROMPT, GREEDY).text();
        assertEquals(expected, client.generate(PROMPT, withSystem).text());
    }

    @Test
    void timeoutEndsALongGeneration() {
        GenerationOptions slow = GenerationOptions.builder().temperature(0.0).timeout(Duration.ofMillis(1)).build();
        try (TokenStream stream = client.generateStream(PROMPT, slow)) {
            assertThrows(LlmTimeoutException.class, () -> {
                while (stream.hasNext()) {
                    stream.next();
                }
            });
        }
    }

    @Test
    void unsupportedRequestsAreTyped() {
        UnsupportedCapabilityException chat = assertThrows(UnsupportedCapabilityException.class,
                () -> client.chat(List.of(ChatMessage.user("hi")), GREEDY));
        assertEquals(Capability.CHAT, chat.capability());
        assertTrue(chat.getMessage().contains("chat_template"), chat.getMessage());
        assertFalse(client.capabilities().contains(Capability.CHAT));
        assertThrows(InvalidRequestException.class, () -> client.generate(PROMPT,
                GREEDY.toBuilder().format(ResponseFormat.jsonSchema("{\"type\":\"string\",\"pattern\":\"a+\"}")).build()));
        assertThrows(InvalidRequestException.class, () -> client.detokenize(new int[] {512}));
        assertThrows(InvalidRequestException.class, () -> client.generateTokens(new int[] {-1}, GREEDY));
        assertThrows(InvalidRequestException.class, () -> client.generate("word ".repeat(3000), GREEDY));
    }

    @Test
    void infoNamesTheModelAndDirectory() {
        assertEquals("hf", client.info().backend());
        assertEquals("stories260k", client.info().model());
        assertEquals(client.modelDirectory().toString(), client.info().details().get("directory"));
        assertEquals("LlamaForCausalLM", client.info().details().get("architecture"));
        assertEquals(2048, client.contextLength());
        assertTrue(client.unwrap(HfClient.class).isPresent());
    }

    private String decodeAfter(int[] prompt, int[] generated) {
        int[] all = new int[prompt.length + generated.length];
        System.arraycopy(prompt, 0, all, 0, prompt.length);
        System.arraycopy(generated, 0, all, prompt.length, generated.length);
        String full = client.detokenize(all);
        String head = client.detokenize(prompt);
        return full.substring(head.length());
    }
}
