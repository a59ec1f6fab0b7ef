package io.futurnal.llm.spi;

import java.util.List;

/**
 * Applies stop strings to text that arrives in pieces, for backends that decode token by token.
 * It holds back only the tail that could still become a stop string, so streaming stays live, and
 * never emits the stop string itself.
 *
 * <p>Not thread-safe: one filter per stream.
 */
public final class StopSequenceFilter {
    private final List<String> stops;
    private final int longest;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    /** Creates a filter for the given stop strings; with none, every piece passes straight through. */
    public StopSequenceFilter(List<String> stops) {
        this.stops = List.copyOf(stops);
        this.longest = this.stops.stream().mapToInt(String::length).max().orElse(0);
    }

    /** Adds a piece and returns the text that is now safe to emit (possibly empty). */
    public String accept(String piece) {
        if (stopped) {
            return "";
        }
        held.append(piece);
        int at = firstStop();
        if (at >= 0) {
            stopped = true;
            String out = held.substring(0, at);
            held.setLength(0);
            return out;
        }
        int keep = Math.min(held.length(), longestSuffixThatStartsAStop());
        String out = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return out;
    }

    /** Whether a stop string has matched; the caller should end generation. */
    public boolean stopped() {
        return stopped;
    }

    /** The held-back tail, released at the end of generation when no stop string matched. */
    public String flush() {
        String out = stopped ? "" : held.toString();
        held.setLength(0);
        return out;
    }

    private int firstStop() {
        int best = -1;
        for (String stop : stops) {
            int i = held.indexOf(stop);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    private int longestSuffixThatStartsAStop() {
        for (int len = Math.min(longest - 1, held.length()); len > 0; len--) {
            String suffix = held.substring(held.length() - len);
            for (String stop : stops) {
                if (stop.startsWith(suffix)) {
                    return len;
                }
            }
        }
        return 0;
    }
}
