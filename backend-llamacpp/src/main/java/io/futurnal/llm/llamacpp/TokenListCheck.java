package io.futurnal.llm.llamacpp;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the elements of {@code tokenizer.ggml.tokens} and checks what llama.cpp's vocabulary
 * loader takes for granted: every token is non-empty, valid UTF-8 without NUL and appears once (it maps text to
 * id and asserts both directions have the same size, so a duplicate aborts the process).
 */
final class TokenListCheck {

    /** Real tokens are a few dozen bytes; a longer one means a corrupt length field. */
    private static final long MAX_TOKEN_BYTES = 1L << 16;
    private static final int SHOWN_TOKEN = 40;

    private TokenListCheck() {
    }

    /** Reads {@code count} tokens of the array stored under {@code key}, rejecting the first bad one. */
    static void read(GgufInput in, String key, long count) throws IOException {
        Map<String, Long> firstIndex = new HashMap<>();
        for (long i = 0; i < count; i++) {
            byte[] bytes = in.bytes(MAX_TOKEN_BYTES);
            if (bytes.length == 0) {
                throw in.invalid(key + " holds an empty token '' at index " + i + "; every token must have text");
            }
            String token;
            try {
                token = in.utf8(bytes);
            } catch (CharacterCodingException e) {
                throw in.invalid(key + " holds token " + i + " with bytes " + hex(bytes) + ", which are not valid UTF-8");
            }
            if (token.indexOf('\u0000') >= 0) {
                // vocabularies spell byte tokens out (<0x00>, or byte-level BPE's printable map); a raw NUL means corruption
                throw in.invalid(key + " holds token " + i + " '" + printable(token) + "' with a NUL character");
            }
            Long earlier = firstIndex.putIfAbsent(token, i);
            if (earlier != null) {
                throw in.invalid(key + " holds the token '" + printable(token) + "' twice (at " + earlier + " and " + i
                        + "); llama.cpp requires every token to be unique");
            }
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 16); i++) {
            out.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return bytes.length > 16 ? out + "..." : out.toString();
    }

    /** The token with control characters escaped, so an error line stays one readable line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(SHOWN_TOKEN).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > SHOWN_TOKEN ? out + "..." : out.toString();
    }
}
