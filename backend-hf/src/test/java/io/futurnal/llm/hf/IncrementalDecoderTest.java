package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pieces come out as whole characters, and concatenated they equal a full decode. */
class IncrementalDecoderTest {

    private final HfTokenizer tokenizer = TestModels.shared().model().tokenizer;

    @Test
    void byteFallbackCharactersComeOutWhole() {
        for (String text : new String[] {"😀", "日本語", "héllo wörld", "a\tb\nc", " leading space"}) {
            int[] ids = tokenizer.encode(text);
            IncrementalDecoder decoder = new IncrementalDecoder(tokenizer, -1);
            List<String> pieces = new ArrayList<>();
            for (int id : ids) {
                String piece = decoder.accept(id);
                if (!piece.isEmpty()) {
                    pieces.add(piece);
                }
            }
            String tail = decoder.flush();
            String joined = String.join("", pieces) + tail;
            assertEquals(tokenizer.decode(ids, 0, ids.length, true), joined, text);
            for (String piece : pieces) {
                assertTrue(piece.indexOf('\uFFFD') < 0, "no broken character in '" + piece + "' of " + text);
            }
        }
    }

    @Test
    void emojiBytesAreHeldUntilComplete() {
        int[] ids = tokenizer.encode("😀");
        assertTrue(ids.length >= 4, "the toy vocabulary spells the emoji in bytes");
        IncrementalDecoder decoder = new IncrementalDecoder(tokenizer, -1);
        for (int i = 0; i < ids.length - 1; i++) {
            assertEquals("", decoder.accept(ids[i]));
        }
        assertEquals("😀", decoder.accept(ids[ids.length - 1]));
    }

    @Test
    void contextTokenKeepsTheLeadingSpaceOfTheFirstWord() {
        int[] prompt = tokenizer.encode("Once upon a time there");
        // the normalizer puts "▁" before the first word, so these ids spell " was a girl"
        int[] words = tokenizer.encode("was a girl");
        IncrementalDecoder decoder = new IncrementalDecoder(tokenizer, prompt[prompt.length - 1]);
        StringBuilder out = new StringBuilder();
        for (int id : words) {
            out.append(decoder.accept(id));
        }
        assertEquals(" was a girl", out.toString());
    }
}
