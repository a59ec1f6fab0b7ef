package io.futurnal.llm.spi.json;

import java.util.List;

/**
 * Before a value: optional whitespace, then the first character decides which kind of value it
 * is (each alternative of an {@code anyOf} is tried).
 *
 * @param spec       what the value may be
 * @param whitespace whitespace characters seen so far
 */
record ValueFrame(ValueSpec spec, int whitespace) implements JsonState.Frame {

    /** Before a value, no whitespace seen yet. */
    ValueFrame(ValueSpec spec) {
        this(spec, 0);
    }

    @Override
    public void step(char c, JsonState below, List<JsonState> out) {
        int run = JsonState.whitespace(whitespace, c);
        if (run > 0) {
            out.add(new JsonState(new ValueFrame(spec, run), below));
            return;
        }
        start(spec, c, below, out);
    }

    @Override
    public int ownMinChars() {
        return spec.minChars();
    }

    @Override
    public String ownClosing() {
        return ValueSpec.minText(spec);
    }

    /** Starts a value matching {@code spec} with its first character {@code c}. */
    static void start(ValueSpec spec, char c, JsonState below, List<JsonState> out) {
        int depth = below == null ? 0 : below.depth + 1;
        if (spec instanceof ValueSpec.Ref ref) {
            start(ref.target(), c, below, out);
        } else if (spec instanceof ValueSpec.AnyOf any) {
            any.options().forEach(o -> start(o, c, below, out));
        } else if (spec instanceof ValueSpec.ObjectSpec object) {
            if (c == '{' && depth < JsonState.MAX_DEPTH) {
                out.add(new JsonState(ObjectFrame.open(object), below));
            }
        } else if (spec instanceof ValueSpec.ArraySpec array) {
            if (c == '[' && depth < JsonState.MAX_DEPTH) {
                out.add(new JsonState(ArrayFrame.open(array), below));
            }
        } else if (spec instanceof ValueSpec.StringSpec string) {
            if (c == '"') {
                out.add(new JsonState(StringFrame.open(string), below));
            }
        } else if (spec instanceof ValueSpec.NumberSpec number) {
            NumberFrame.start(number.integer(), c, below, out);
        } else if (spec instanceof ValueSpec.LiteralSpec literal) {
            new LiteralFrame(literal.texts(), 0).step(c, below, out);
        }
    }
}
