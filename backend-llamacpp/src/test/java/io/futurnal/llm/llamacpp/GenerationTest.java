package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.TokenStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real inference on the shipped stories260K model. */
class GenerationTest {

    private static final String PROMPT = "Once upon a time";
    private static final String KNOWN = ", there was a little girl named Lily. She loved to play outside in the park.";
    private static LlamaCppClient client;

    @BeforeAll
    static void open() {
        client = TestModels.openStories();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static GenerationOptions greedy(int maxTokens) {
        return GenerationOptions.builder().temperature(0.0).maxTokens(maxTokens).build();
    }

    @Test
    void greedyContinuationIsTheKnownStory() {
        GenerationResult r = client.generate(PROMPT, greedy(40));
        assertTrue(r.text().startsWith(KNOWN), r.text());
        assertEquals("llamacpp", r.backend());
        assertEquals("stories260k", r.model());
    }

    @Test
    void greedyGenerationIsDeterministicAcrossRuns() {
        String first = client.generate(PROMPT, greedy(60)).text();
        for (int i = 0; i < 3; i++) {
            assertEquals(first, client.generate(PROMPT, greedy(60)).text());
        }
    }

    @Test
    void sampledGenerationWithASeedRepeatsAndDefaultsAreReproducible() {
        GenerationOptions sampled = GenerationOptions.builder().temperature(1.0).seed(7L).topK(20).topP(0.9).maxTokens(40).build();
        assertEquals(client.generate(PROMPT, sampled).text(), client.generate(PROMPT, sampled).text());
        GenerationOptions defaults = GenerationOptions.builder().maxTokens(40).build();
        assertEquals(client.generate(PROMPT, defaults).text(), client.generate(PROMPT, defaults).text(),
                "without a seed the fixed default seed keeps output reproducible");
        GenerationOptions other = sampled.toBuilder().seed(8L).build();
        List<String> texts = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            texts.add(client.generate(PROMPT, other.toBuilder().seed(seed).build()).text());
        }
        assertTrue(texts.stream().distinct().count() > 1, "different seeds should give different samples: " + texts);
    }

    @Test
    void streamingTextEqualsNonStreamingText() {
        GenerationResult whole = client.generate(PROMPT, greedy(50));
        StringBuilder pieces = new StringBuilder();
        int count = 0;
        try (TokenStream stream = client.generateStream(PROMPT, greedy(50))) {
            while (stream.hasNext()) {
                pieces.append(stream.next());
                count++;
            }
            GenerationResult streamed = stream.result();
            assertEquals(whole.text(), streamed.text());
            assertEquals(whole.finishReason(), streamed.finishReason());
        }
        assertEquals(whole.text(), pieces.toString());
        assertTrue(count > 10, "text should arrive in many pieces, got " + count);
    }

    @Test
    void maxTokensEndsWithLengthAndExactTokenCount() {
        GenerationResult r = client.generate(PROMPT, greedy(5));
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals(5, r.metrics().generatedTokens());
        assertEquals(", there was a little", r.text());
    }

    @Test
    void stopStringsCutTheTextAndStop() {
        GenerationResult r = client.generate(PROMPT, greedy(60).toBuilder().stop("Lily").build());
        assertEquals(", there was a little girl named ", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        GenerationResult multi = client.generate(PROMPT, greedy(60).toBuilder().stop("park", " girl").build());
        assertEquals(", there was a little", multi.text());
        GenerationResult never = client.generate(PROMPT, greedy(8).toBuilder().stop("zebra").build());
        assertEquals(FinishReason.LENGTH, never.finishReason());
        assertEquals(client.generate(PROMPT, greedy(8)).text(), never.text(), "held-back text is released at the end");
    }

    @Test
    void systemPromptGoesBeforeThePrompt() {
        GenerationOptions withSystem = greedy(10).toBuilder().systemPrompt("Lily and Tom").build();
        assertEquals(client.generate("Lily and Tom\n\n" + PROMPT, greedy(10)).text(), client.generate(PROMPT, withSystem).text());
    }

    @Test
    void metricsAreFilled() {
        GenerationResult r = client.generate(PROMPT, greedy(20));
        var m = r.metrics();
        assertEquals(5, m.promptTokens(), "4 prompt tokens and the beginning-of-sequence token");
        assertEquals(20, m.generatedTokens());
        assertFalse(m.promptEvalDuration().isZero());
        assertFalse(m.generationDuration().isZero());
        assertFalse(m.timeToFirstToken().isZero());
        assertTrue(m.totalDuration().compareTo(m.generationDuration()) >= 0);
        assertTrue(m.tokensPerSecond() > 0);
    }

    @Test
    void unicodeSurvivesTheRoundTrip() {
        String text = client.generate("Lily saw a 🐶 and said 你好", greedy(10)).text();
        assertFalse(text.contains("\uFFFD"), text);
    }
}
