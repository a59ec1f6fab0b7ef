package io.futurnal.llm.testserver.openai;

import io.futurnal.llm.testserver.ScriptedPieces;
import java.util.List;

/**
 * What one completion produces: the pieces, why it stopped ({@code stop} or {@code length}), and
 * the token counts {@code usage} reports (one token per prompt word, one per piece).
 */
final class ScriptedAnswer {

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
        List<String> source = model.echo() ? ScriptedPieces.words(echoText) : model.tokens();
        ScriptedPieces.Cut cut = ScriptedPieces.cut(source, maxTokens, stops);
        return new ScriptedAnswer(cut.pieces(), cut.hitLimit() ? "length" : "stop", ScriptedPieces.promptTokens(promptText));
    }

    /** The whole answer. */
    String text() {
        return String.join("", pieces);
    }
}
