package io.futurnal.llm.llamacpp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Protects text that the bindings return through JNI's {@code NewStringUTF}, which mangles
 * characters outside the Basic Multilingual Plane (emoji) and the NUL character and then cuts the
 * end of the string short. Before the call each such character is swapped for an unused
 * private-use character; afterwards they are swapped back.
 */
final class SafeJniText {

    private static final int FIRST_PRIVATE = 0xE000;
    private static final int LAST_PRIVATE = 0xF8FF;

    private final Map<Integer, Integer> toPlaceholder = new HashMap<>();
    private final Map<Integer, Integer> toOriginal = new HashMap<>();
    private final List<String> inputs;
    private int nextPlaceholder = FIRST_PRIVATE;

    private SafeJniText(List<String> inputs) {
        this.inputs = inputs;
    }

    /** A protector for these texts; {@link #protect} each of them, then {@link #restore} the result. */
    static SafeJniText forTexts(List<String> texts) {
        return new SafeJniText(texts);
    }

    /** The text with every risky character replaced by its placeholder. */
    String protect(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(needsProtection(cp) ? placeholderFor(cp) : cp));
        return out.toString();
    }

    /** The text with placeholders turned back into the original characters. */
    String restore(String text) {
        if (toOriginal.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(toOriginal.getOrDefault(cp, cp)));
        return out.toString();
    }

    private static boolean needsProtection(int codePoint) {
        return codePoint == 0 || Character.isSupplementaryCodePoint(codePoint);
    }

    private int placeholderFor(int codePoint) {
        Integer known = toPlaceholder.get(codePoint);
        if (known != null) {
            return known;
        }
        while (nextPlaceholder <= LAST_PRIVATE && usedByInputs(nextPlaceholder)) {
            nextPlaceholder++;
        }
        if (nextPlaceholder > LAST_PRIVATE) {
            throw new io.futurnal.llm.InvalidRequestException(
                    "the messages hold too many distinct emoji or other characters beyond U+FFFF for the llama.cpp chat template");
        }
        int placeholder = nextPlaceholder++;
        toPlaceholder.put(codePoint, placeholder);
        toOriginal.put(placeholder, codePoint);
        return placeholder;
    }

    private boolean usedByInputs(int codePoint) {
        for (String s : inputs) {
            if (s.indexOf(codePoint) >= 0) {
                return true;
            }
        }
        return false;
    }
}
