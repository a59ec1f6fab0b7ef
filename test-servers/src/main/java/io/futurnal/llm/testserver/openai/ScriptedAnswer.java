package io.futurnal.llm.testserver.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one completion produces: the pieces, why it stopped ({@code stop} or {@code length}), and
 * the token counts {@code usage} reports (one token per prompt word, one per piece).
 */
final class ScriptedAnswer {

    private static final Pattern WORD = Pattern.compile("\\s*\\S+");

    final List<String> pieces;
    final String finishReason;
    final int promptTokens;

    private ScriptedAnswer(List<String> pieces, String finishReason, int promptTokens) {
        this.pieces = pieces;
        this.finishReason = finishReason;
        this.promptTokens = promptTokens;
    }

    /**
     * Plans a call: the model's pieces (or the echoed words), cut at {@code maxTokens} (finish
     * {@code length}) or before the first stop string (finish {@code stop}).
     */
    static ScriptedAnswer plan(ServedModel model, String promptText, String echoText, int maxTokens, List<String> stops) {
        List<String> source = model.echo() ? words(echoText) : model.tokens();
        List<String> out = new ArrayList<>();
        String reason = "stop";
        StringBuilder text = new StringBuilder();
        for (String piece : source) {
            if (maxTokens >= 0 && out.size() >= maxTokens) {
                reason = "length";
                break;
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
        return new ScriptedAnswer(out, reason, Math.max(1, words(promptText).size()));
    }

    /** The whole answer. */
    String text() {
        return String.join("", pieces);
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
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
