package io.futurnal.llm.hf;

import java.util.Arrays;

/**
 * Turns generated token ids into text as they come, emitting only whole characters: a piece
 * whose bytes end in the middle of a UTF-8 sequence (byte-fallback tokens of an emoji or a CJK
 * character) is held back until the rest arrives. Decodes a short window each time, starting one
 * token before the new ones, so the tokenizer's handling of leading spaces matches a full decode.
 * Not thread-safe.
 */
final class IncrementalDecoder {

    private static final char REPLACEMENT = '\uFFFD';

    private final HfTokenizer tokenizer;
    private int[] ids;
    private int size;
    private int prefixOffset;
    private int readOffset;

    /**
     * @param tokenizer the model's tokenizer
     * @param context   the prompt's last token, decoded along with the first new ones so a leading
     *                  space comes out as a full decode would show it; -1 for none
     */
    IncrementalDecoder(HfTokenizer tokenizer, int context) {
        this.tokenizer = tokenizer;
        this.ids = new int[64];
        if (context >= 0) {
            ids[size++] = context;
            readOffset = size;
        }
    }

    /** Adds a token and returns the text that is now complete (possibly empty). */
    String accept(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
        String before = tokenizer.decode(ids, prefixOffset, readOffset, true);
        String after = tokenizer.decode(ids, prefixOffset, size, true);
        if (after.length() <= before.length() || after.charAt(after.length() - 1) == REPLACEMENT) {
            return "";
        }
        prefixOffset = readOffset;
        readOffset = size;
        compact();
        return after.substring(commonPrefix(before, after));
    }

    /** Whatever is still held back, at the end of generation (an incomplete character shows as U+FFFD). */
    String flush() {
        if (readOffset == size) {
            return "";
        }
        String before = tokenizer.decode(ids, prefixOffset, readOffset, true);
        String after = tokenizer.decode(ids, prefixOffset, size, true);
        readOffset = size;
        return after.substring(Math.min(after.length(), commonPrefix(before, after)));
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** Drops ids before the window so memory stays small over long generations. */
    private void compact() {
        if (prefixOffset > 1024) {
            ids = Arrays.copyOfRange(ids, prefixOffset, Math.max(size, prefixOffset) + 64);
            size -= prefixOffset;
            readOffset -= prefixOffset;
            prefixOffset = 0;
        }
    }
}
