package io.futurnal.llm.testserver;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the fake servers script an answer: text splits into word pieces (each with the white space
 * before it), one piece is one token, and an answer is cut at a token limit or just before the
 * first stop string.
 */
public final class ScriptedPieces {

    private static final Pattern WORD = Pattern.compile("\\s*\\S+");

    private ScriptedPieces() {
    }

    /**
     * The pieces kept of a scripted answer.
     *
     * @param pieces   what is sent, in order
     * @param hitLimit whether the token limit cut the answer (finish reason {@code length}; otherwise {@code stop})
     */
    public record Cut(List<String> pieces, boolean hitLimit) {
        /** Copies the list. */
        public Cut {
            pieces = List.copyOf(pieces);
        }
    }

    /** {@code text} as pieces: each word with the white space before it, so that joined they give the text back. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /** The token count of a prompt: one per word, and at least one. */
    public static int promptTokens(String text) {
        return Math.max(1, words(text).size());
    }

    /**
     * Cuts {@code source} after {@code maxPieces} pieces, or just before the first of {@code stops}
     * that appears in the text so far (keeping the part of the piece before it).
     *
     * @param maxPieces the most pieces to keep; negative for no limit
     */
    public static Cut cut(List<String> source, int maxPieces, List<String> stops) {
        List<String> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String piece : source) {
            if (maxPieces >= 0 && out.size() >= maxPieces) {
                return new Cut(out, true);
            }
            int before = text.length();
            text.append(piece);
            int at = firstStop(text, stops);
            if (at >= 0) {
                if (at > before) {
                    out.add(text.substring(before, at));
                }
                break;
            }
            out.add(piece);
        }
        return new Cut(out, false);
    }

    private static int firstStop(CharSequence text, List<String> stops) {
        int best = -1;
        String s = text.toString();
        for (String stop : stops) {
            int i = s.indexOf(stop);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }
}
