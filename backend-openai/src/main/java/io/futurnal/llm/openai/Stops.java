package io.futurnal.llm.openai;

import java.util.List;

/** Stop strings applied to a whole answer, for servers that ignore {@code stop}. */
final class Stops {

    private Stops() {
    }

    /** {@code text} up to the earliest stop string, or all of it when none occurs. */
    static String cut(String text, List<String> stops) {
        int end = text.length();
        for (String stop : stops) {
            int at = text.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return text.substring(0, end);
    }
}
