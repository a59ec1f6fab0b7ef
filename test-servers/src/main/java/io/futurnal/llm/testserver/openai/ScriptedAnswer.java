package io.futurnal.llm.testserver.openai;

import io.futurnal.llm.testserver.ScriptedPieces;
import java.util.List;

/**
 * What one completion produces: the pieces, why it stopped ({@code stop} or {@code length}), and
 * the token counts {@code usage} reports (one token per prompt word, one per piece). A prompt
 * that, with the tokens asked for, does not fit the model's context is refused with vLLM's 400.
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
    static ScriptedAnswer plan(ServedModel model, String promptText, String echoText, int maxTokens, List<String> stops)
            throws OpenAiFailure {
        fitsTheContext(model.maxModelLen(), ScriptedPieces.promptTokens(promptText), maxTokens);
        List<String> source = model.echo() ? ScriptedPieces.words(echoText) : model.tokens();
        ScriptedPieces.Cut cut = ScriptedPieces.cut(source, maxTokens, stops);
        return new ScriptedAnswer(cut.pieces(), cut.hitLimit() ? "length" : "stop", ScriptedPieces.promptTokens(promptText));
    }

    /** vLLM's two refusals: a prompt that fills the context, and room asked for that the context lacks. */
    private static void fitsTheContext(int maxModelLen, int promptTokens, int maxTokens) throws OpenAiFailure {
        if (promptTokens >= maxModelLen) {
            throw OpenAiFailure.badRequest(null, "This model's maximum context length is " + maxModelLen
                    + " tokens. However, your request has " + promptTokens
                    + " input tokens. Please reduce the length of the input messages.");
        }
        if (maxTokens > 0 && promptTokens + maxTokens > maxModelLen) {
            throw OpenAiFailure.badRequest(null, "'max_tokens' or 'max_completion_tokens' is too large: " + maxTokens
                    + ". This model's maximum context length is " + maxModelLen + " tokens and your request has "
                    + promptTokens + " input tokens (" + maxTokens + " > " + maxModelLen + " - " + promptTokens + ").");
        }
    }

    /** The whole answer. */
    String text() {
        return String.join("", pieces);
    }
}
