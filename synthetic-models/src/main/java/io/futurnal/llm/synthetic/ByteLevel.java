package io.futurnal.llm.synthetic;

/**
 * The byte-level BPE alphabet of GPT-2 and Llama 3: each byte is shown as one printable character,
 * printable bytes as themselves and the others moved above U+0100 (so a space is {@code Ġ}).
 */
final class ByteLevel {

    static final char SPACE = '\u0120';
    static final char NEWLINE = '\u010A';

    private ByteLevel() {
    }

    /** The 256 characters, in the order byte-level vocabularies list them (printable bytes first). */
    static char[] alphabet() {
        char[] out = new char[256];
        int n = 0;
        boolean[] printable = new boolean[256];
        for (int b = 0; b < 256; b++) {
            printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            if (printable[b]) {
                out[n++] = (char) b;
            }
        }
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable[b]) {
                out[n++] = (char) (256 + shifted++);
            }
        }
        return out;
    }
}
