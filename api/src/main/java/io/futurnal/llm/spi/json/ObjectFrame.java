package io.futurnal.llm.spi.json;

import java.util.ArrayList;
import java.util.List;

/**
 * Inside a JSON object. Declared properties come in llama.cpp's order: the required ones first,
 * then any of the optional ones, each group in schema order and each property at most once; the
 * object closes only when every required one is there. Undeclared keys are taken only when the
 * schema allows additional properties, after the required ones.
 *
 * @param spec       the object's schema
 * @param phase      where in the object this is
 * @param seen       bit i set once declared property i has been written
 * @param whitespace whitespace characters in the current run
 * @param value      the schema of the value after the key just read (phase {@code AFTER_KEY})
 * @param key        the index of that key, or -1 for an undeclared one
 */
record ObjectFrame(ValueSpec.ObjectSpec spec, Phase phase, long seen, int whitespace, ValueSpec value, int key)
        implements JsonState.Frame {

    /** Places in an object. {@code KEY}: waiting below a key being read. */
    enum Phase { OPEN, KEY, AFTER_KEY, AFTER_VALUE, AFTER_COMMA }

    /** Just after the opening brace. */
    static ObjectFrame open(ValueSpec.ObjectSpec spec) {
        return new ObjectFrame(spec, Phase.OPEN, 0, 0, null, -1);
    }

    /** Whether a key is being read above this frame. */
    boolean awaitsKey() {
        return phase == Phase.KEY;
    }

    @Override
    public void step(char c, JsonState below, List<JsonState> out) {
        int run = JsonState.whitespace(whitespace, c);
        if (run > 0 && phase != Phase.KEY) {
            out.add(new JsonState(new ObjectFrame(spec, phase, seen, run, value, key), below));
            return;
        }
        switch (phase) {
            case OPEN:
                if (c == '}' && missing() == 0) {
                    JsonState.finish(this, below, out);
                } else if (c == '"') {
                    startKey(below, out);
                }
                break;
            case AFTER_COMMA:
                if (c == '"') {
                    startKey(below, out);
                }
                break;
            case AFTER_KEY:
                if (c == ':') {
                    long now = key < 0 ? seen : seen | (1L << key);
                    JsonState parent = new JsonState(new ObjectFrame(spec, Phase.AFTER_VALUE, now, 0, null, -1), below);
                    out.add(new JsonState(new ValueFrame(value), parent));
                }
                break;
            case AFTER_VALUE:
                if (c == '}' && missing() == 0) {
                    JsonState.finish(this, below, out);
                } else if (c == ',' && moreKeysPossible()) {
                    out.add(new JsonState(new ObjectFrame(spec, Phase.AFTER_COMMA, seen, 0, null, -1), below));
                }
                break;
            default:
                break;
        }
    }

    /** The key just read decides the value's schema; a declared key read as an undeclared one is refused. */
    @Override
    public JsonState.Frame afterChild(JsonState.Frame child) {
        if (phase != Phase.KEY) {
            return this;
        }
        if (child instanceof LiteralFrame literal) {
            int index = spec.keys().indexOf(literal.matched());
            return new ObjectFrame(spec, Phase.AFTER_KEY, seen, 0, spec.values().get(index), index);
        }
        String name = ((StringFrame) child).text();
        return spec.indexOf(name) >= 0 ? null : new ObjectFrame(spec, Phase.AFTER_KEY, seen, 0, spec.additional(), -1);
    }

    private void startKey(JsonState below, List<JsonState> out) {
        JsonState waiting = new JsonState(new ObjectFrame(spec, Phase.KEY, seen, 0, null, -1), below);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < spec.keys().size(); i++) {
            if (mayComeNext(i)) {
                keys.add(spec.keys().get(i));
            }
        }
        if (!keys.isEmpty()) {
            out.add(new JsonState(new LiteralFrame(keys, 1), waiting));
        }
        if (extraMayComeNext()) {
            out.add(new JsonState(StringFrame.key(), waiting));
        }
    }

    /** Whether declared property {@code i} may be the next key: unwritten, in order, no required one skipped. */
    private boolean mayComeNext(int i) {
        if ((seen & (1L << i)) != 0) {
            return false;
        }
        int rank = spec.rank(i);
        int last = lastRank();
        int required = Long.bitCount(spec.required());
        return rank > last && (rank < required ? rank == last + 1 : last >= required - 1);
    }

    /** Whether an undeclared key may come next: the schema allows them and the required ones are written. */
    private boolean extraMayComeNext() {
        return spec.additional() != null && missing() == 0;
    }

    private int lastRank() {
        int last = -1;
        for (int i = 0; i < spec.names().size(); i++) {
            if ((seen & (1L << i)) != 0) {
                last = Math.max(last, spec.rank(i));
            }
        }
        return last;
    }

    private long missing() {
        return spec.required() & ~seen;
    }

    private boolean moreKeysPossible() {
        if (spec.additional() != null) {
            return true;
        }
        for (int i = 0; i < spec.names().size(); i++) {
            if (mayComeNext(i)) {
                return true;
            }
        }
        return false;
    }

    /** Characters from after the key {@code keyText} (a declared one) to the end of this object, at the fewest. */
    int charsAfterKey(String keyText) {
        int index = spec.keys().indexOf(keyText);
        return ValueSpec.add(1 + spec.values().get(index).minChars(), afterValue(seen | (1L << index)));
    }

    /** Characters to close the object after a value, with the properties in {@code written}, at the fewest. */
    private int afterValue(long written) {
        long left = spec.required() & ~written;
        return ValueSpec.add(entries(left), Long.bitCount(left) + 1);
    }

    private int entries(long properties) {
        int chars = 0;
        for (int i = 0; i < spec.names().size(); i++) {
            if ((properties & (1L << i)) != 0) {
                chars = ValueSpec.add(chars, spec.entryChars(i));
            }
        }
        return chars;
    }

    /** The shortest text from after the key {@code keyText} (a declared one) to the end of this object. */
    String closingAfterKey(String keyText) {
        int index = spec.keys().indexOf(keyText);
        return ":" + ValueSpec.minText(spec.values().get(index)) + closingAfterValue(seen | (1L << index));
    }

    /** The shortest text that closes the object after a value, with the properties in {@code written}. */
    private String closingAfterValue(long written) {
        StringBuilder out = new StringBuilder();
        long left = spec.required() & ~written;
        for (int i = 0; i < spec.names().size(); i++) {
            if ((left & (1L << i)) != 0) {
                out.append(',').append(entryText(i));
            }
        }
        return out.append('}').toString();
    }

    private String entryText(int i) {
        return spec.keys().get(i) + ":" + ValueSpec.minText(spec.values().get(i));
    }

    @Override
    public String ownClosing() {
        long left = missing();
        switch (phase) {
            case OPEN:
                return closingAfterValue(seen).substring(left == 0 ? 0 : 1);
            case AFTER_VALUE:
                return closingAfterValue(seen);
            case AFTER_KEY:
                return ":" + ValueSpec.minText(value) + closingAfterValue(key < 0 ? seen : seen | (1L << key));
            case KEY:
                return ":" + (spec.additional() == null ? "" : ValueSpec.minText(spec.additional())) + closingAfterValue(seen);
            default:
                if (left != 0) {
                    return closingAfterValue(seen).substring(1);
                }
                int best = extraMayComeNext() ? 3 + spec.additional().minChars() : ValueSpec.UNREACHABLE;
                String text = extraMayComeNext() ? "\"\":" + ValueSpec.minText(spec.additional()) : null;
                for (int i = 0; i < spec.names().size(); i++) {
                    if (mayComeNext(i) && spec.entryChars(i) < best) {
                        best = spec.entryChars(i);
                        text = entryText(i);
                    }
                }
                return text + "}";
        }
    }

    @Override
    public int ownMinChars() {
        long left = missing();
        int count = Long.bitCount(left);
        switch (phase) {
            case OPEN:
                return count == 0 ? 1 : ValueSpec.add(entries(left), count);
            case AFTER_VALUE:
                return afterValue(seen);
            case AFTER_KEY:
                return ValueSpec.add(1 + value.minChars(), afterValue(key < 0 ? seen : seen | (1L << key)));
            case KEY:
                // below an undeclared key; a declared one is counted by LiteralFrame
                return ValueSpec.add(1 + (spec.additional() == null ? 0 : spec.additional().minChars()), afterValue(seen));
            default:
                if (count > 0) {
                    return ValueSpec.add(entries(left), count);
                }
                int best = extraMayComeNext() ? 3 + spec.additional().minChars() : ValueSpec.UNREACHABLE;
                for (int i = 0; i < spec.names().size(); i++) {
                    if (mayComeNext(i)) {
                        best = Math.min(best, spec.entryChars(i));
                    }
                }
                return ValueSpec.add(best, 1);
        }
    }
}
