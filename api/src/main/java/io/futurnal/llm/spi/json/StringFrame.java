package io.futurnal.llm.spi.json;

import java.util.List;

/**
 * Inside a JSON string, after its opening quote. Counts characters (a surrogate pair as one) to
 * enforce {@code minLength}/{@code maxLength}; an escape counts as the one character it stands
 * for. A string that is an object key keeps its text, since the key decides the value's schema.
 *
 * @param spec   the length bounds
 * @param length characters so far
 * @param escape 0 outside an escape, 1 after a backslash, 2 to 5 while reading the hex digits of {@code \\u}
 * @param text   the characters so far for a key, else null
 */
record StringFrame(ValueSpec.StringSpec spec, int length, int escape, String text) implements JsonState.Frame {

    private static final String SIMPLE_ESCAPES = "\"\\/bfnrt";

    /** Just after the opening quote of a value. */
    static StringFrame open(ValueSpec.StringSpec spec) {
        return new StringFrame(spec, 0, 0, null);
    }

    /** Just after the opening quote of an undeclared object key (escapes are not taken there). */
    static StringFrame key() {
        return new StringFrame(new ValueSpec.StringSpec(0, 256), 0, 0, "");
    }

    @Override
    public void step(char c, JsonState below, List<JsonState> out) {
        if (escape == 1) {
            if (SIMPLE_ESCAPES.indexOf(c) >= 0) {
                out.add(new JsonState(new StringFrame(spec, length, 0, text), below));
            } else if (c == 'u') {
                out.add(new JsonState(new StringFrame(spec, length, 2, text), below));
            }
        } else if (escape > 1) {
            if (Character.digit(c, 16) >= 0) {
                out.add(new JsonState(new StringFrame(spec, length, escape == 5 ? 0 : escape + 1, text), below));
            }
        } else if (c == '"') {
            if (length >= spec.minLength()) {
                JsonState.finish(this, below, out);
            }
        } else if (c == '\\') {
            if (text == null && length < spec.maxLength()) {
                out.add(new JsonState(new StringFrame(spec, length + 1, 1, null), below));
            }
        } else if (c >= 0x20) {
            boolean counts = !Character.isLowSurrogate(c);
            if (!counts || length < spec.maxLength()) {
                out.add(new JsonState(new StringFrame(spec, counts ? length + 1 : length, 0,
                        text == null ? null : text + c), below));
            }
        }
    }

    @Override
    public String ownClosing() {
        String inEscape = escape == 0 ? "" : escape == 1 ? "n" : "0".repeat(6 - escape);
        return inEscape + "a".repeat(Math.max(0, spec.minLength() - length)) + "\"";
    }

    @Override
    public int ownMinChars() {
        int inEscape = escape == 0 ? 0 : escape == 1 ? 1 : 6 - escape;
        return inEscape + Math.max(0, spec.minLength() - length) + 1;
    }
}
