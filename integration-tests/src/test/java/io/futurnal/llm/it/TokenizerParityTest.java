package io.futurnal.llm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.hf.HfClient;
import io.futurnal.llm.llamacpp.LlamaCppClient;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DJL's Hugging Face tokenizer on tokenizer.json gives llama.cpp's ids on the GGUF vocabulary. */
class TokenizerParityTest {

    private final HfClient hf = Backends.hf();
    private final LlamaCppClient llamaCpp = Backends.llamaCpp();

    @ParameterizedTest
    @ValueSource(strings = {
        "Once upon a time",
        "plain ASCII, with punctuation!?",
        " leading space",
        "  two leading spaces",
        "trailing space ",
        "new\nline",
        "tab\there",
        "windows\r\nline",
        "emoji 😀 and 🎉",
        "CJK 日本語 中文 한국어",
        "accents: ñ é ü ß ø",
        "symbols Ω≈ç√∫ €",
        "numbers 1234567890 3.14",
        "MiXeD CaSe WoRdS",
        "x",
    })
    void sameIdsAsLlamaCpp(String text) {
        int[] expected = llamaCpp.tokenize(text);
        int[] actual = hf.tokenize(text);
        assertArrayEquals(expected, actual, () -> "'" + text + "': llama.cpp " + Arrays.toString(expected)
                + ", hf " + Arrays.toString(actual));
        assertEquals(text, hf.detokenize(actual), "hf decodes its ids back to the text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"😀", "日本", "ß"})
    void byteFallbackSpellsCharactersInBytes(String text) {
        int[] ids = hf.tokenize(text);
        assertArrayEquals(llamaCpp.tokenize(text), ids);
        assertTrue(ids.length > 1, "the 512-token vocabulary has no piece for '" + text + "'");
    }
}
