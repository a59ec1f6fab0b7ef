package io.futurnal.llm.spi.json;

import java.util.ArrayList;
import java.util.List;

/**
 * Partway through one of a fixed set of JSON texts: an enum or const value, {@code true},
 * {@code false}, {@code null}, or a declared object key (quotes included).
 *
 * @param texts the texts still possible; all share their first {@code position} characters
 * @param position characters matched so far
 */
record LiteralFrame(List<String> texts, int position) implements JsonState.Frame {

    /** The text matched, once this frame is finished. */
    String matched() {
        return texts.get(0);
    }

    @Override
    public void step(char c, JsonState below, List<JsonState> out) {
        List<String> longer = new ArrayList<>(texts.size());
        for (String t : texts) {
            if (t.length() > position && t.charAt(position) == c) {
                if (t.length() == position + 1) {
                    JsonState.finish(new LiteralFrame(List.of(t), position + 1), below, out);
                } else {
                    longer.add(t);
                }
            }
        }
        if (!longer.isEmpty()) {
            out.add(new JsonState(new LiteralFrame(longer, position + 1), below));
        }
    }

    @Override
    public int ownMinChars() {
        return texts.stream().mapToInt(t -> t.length() - position).min().orElse(ValueSpec.UNREACHABLE);
    }

    @Override
    public String ownClosing() {
        String shortest = texts.get(0);
        for (String t : texts) {
            if (t.length() < shortest.length()) {
                shortest = t;
            }
        }
        return shortest.substring(position);
    }

    @Override
    public String closing(JsonState below) {
        if (below == null || !(below.top instanceof ObjectFrame object) || !object.awaitsKey()) {
            return JsonState.Frame.super.closing(below);
        }
        String best = null;
        int bestChars = Integer.MAX_VALUE;
        for (String t : texts) {
            int chars = ValueSpec.add(t.length() - position, object.charsAfterKey(t));
            if (chars < bestChars) {
                best = t;
                bestChars = chars;
            }
        }
        return best.substring(position) + object.closingAfterKey(best) + (below.below == null ? "" : below.below.closing());
    }

    /** For a key, what follows depends on which key it becomes, so the parent object is asked per key. */
    @Override
    public int minChars(JsonState below) {
        if (below == null || !(below.top instanceof ObjectFrame object) || !object.awaitsKey()) {
            return JsonState.Frame.super.minChars(below);
        }
        int best = ValueSpec.UNREACHABLE;
        for (String t : texts) {
            best = Math.min(best, ValueSpec.add(t.length() - position, object.charsAfterKey(t)));
        }
        return ValueSpec.add(best, below.below == null ? 0 : below.below.minChars());
    }
}
