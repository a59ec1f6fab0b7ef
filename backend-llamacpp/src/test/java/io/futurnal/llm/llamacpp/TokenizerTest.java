package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokenizers and model facts of both shipped architectures' vocabularies. */
class TokenizerTest {

    private static LlamaCppClient stories;
    private static LlamaCppClient tiny;

    @BeforeAll
    static void open() {
        stories = TestModels.openStories();
        tiny = TestModels.openTinyRandom();
    }

    @AfterAll
    static void close() {
        stories.close();
        tiny.close();
    }

    @Test
    void knownTokenIds() {
        assertArrayEquals(new int[] {403, 407, 261, 378}, stories.tokenize("Once upon a time"));
        assertArrayEquals(new int[] {9038, 2501, 263, 931}, tiny.tokenize("Once upon a time"));
    }

    @Test
    void detokenizeInvertsTokenize() {
        for (String text : List.of("Once upon a time", "Lily and Tom played.", "tab\tand\nnewline", "emoji 😀 and 中文")) {
            assertEquals(text, stories.detokenize(stories.tokenize(text)).stripLeading(), "stories260K: " + text);
            assertEquals(text, tiny.detokenize(tiny.tokenize(text)).stripLeading(), "llama-2: " + text);
        }
        assertEquals("", stories.detokenize(new int[0]));
    }

    @Test
    void idsOutsideTheVocabularyAreRejectedBeforeNativeCode() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stories.detokenize(new int[] {1, 512}));
        assertTrue(e.getMessage().contains("outside the vocabulary of 512"), e.getMessage());
        assertThrows(InvalidRequestException.class, () -> tiny.detokenize(new int[] {-1}));
        assertThrows(InvalidRequestException.class, () -> tiny.detokenize(new int[] {32_000}));
        assertEquals("Once", tiny.detokenize(new int[] {9038}).strip());
    }

    @Test
    void modelInfoComesFromTheHeader() {
        GgufHeader s = stories.modelInfo();
        assertEquals("llama", s.architecture());
        assertEquals(2048, s.contextLength());
        assertEquals(292_800, s.parameterCount());
        assertEquals("F32", s.quantization());
        GgufHeader t = tiny.modelInfo();
        assertEquals("F16", t.fileType());
        assertEquals(4096, t.contextLength());
        assertEquals(2048, stories.contextSize(), "the model's own context, under the 4096 cap");
        assertEquals(4096, tiny.contextSize());
        assertEquals("stories260k", stories.info().model());
        assertEquals("llama-2-tiny-random.gguf", tiny.info().model());
        assertTrue(stories.info().details().get("note").contains("toy model"));
    }

    @Test
    void llama2TinyRandomGivesItsKnownGreedyTokens() {
        GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).maxTokens(32).build();
        GenerationResult r = tiny.generate("Once upon a time", greedy);
        assertEquals(32, r.metrics().generatedTokens());
        assertTrue(r.text().startsWith("ernalrightarrow попуdevelopment Gar(), successo status heutigen"), r.text());
        assertEquals(r.text(), tiny.generate("Once upon a time", greedy).text());
    }
}
