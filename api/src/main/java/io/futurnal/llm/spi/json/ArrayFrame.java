package io.futurnal.llm.spi.json;

import java.util.List;

/**
 * Inside a JSON array, holding its item count to {@code minItems}..{@code maxItems}.
 *
 * @param spec       the array's schema
 * @param open       whether no item has been written yet
 * @param count      items written (or being written, while waiting below one)
 * @param whitespace whitespace characters in the current run
 */
record ArrayFrame(ValueSpec.ArraySpec spec, boolean open, int count, int whitespace) implements JsonState.Frame {

    /** Just after the opening bracket. */
    static ArrayFrame open(ValueSpec.ArraySpec spec) {
        return new ArrayFrame(spec, true, 0, 0);
    }

    @Override
    public void step(char c, JsonState below, List<JsonState> out) {
        int run = JsonState.whitespace(whitespace, c);
        if (run > 0) {
            out.add(new JsonState(new ArrayFrame(spec, open, count, run), below));
        } else if (c == ']') {
            if (count >= spec.minItems()) {
                JsonState.finish(this, below, out);
            }
        } else if (open) {
            if (spec.maxItems() > 0 && spec.item(0) != null) {
                ValueFrame.start(spec.item(0), c, new JsonState(new ArrayFrame(spec, false, 1, 0), below), out);
            }
        } else if (c == ',' && count < spec.maxItems() && spec.item(count) != null) {
            JsonState parent = new JsonState(new ArrayFrame(spec, false, count + 1, 0), below);
            out.add(new JsonState(new ValueFrame(spec.item(count)), parent));
        }
    }

    @Override
    public String ownClosing() {
        StringBuilder out = new StringBuilder();
        for (int i = count; i < spec.minItems(); i++) {
            out.append(i == 0 ? "" : ",").append(ValueSpec.minText(spec.item(i)));
        }
        return out.append(']').toString();
    }

    @Override
    public int ownMinChars() {
        int chars = 1;
        for (int i = count; i < spec.minItems(); i++) {
            chars = ValueSpec.add(chars, spec.item(i).minChars() + (i == 0 ? 0 : 1));
            if (chars >= ValueSpec.UNREACHABLE) {
                break;
            }
        }
        return chars;
    }
}
