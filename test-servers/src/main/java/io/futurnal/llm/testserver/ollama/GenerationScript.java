package io.futurnal.llm.testserver.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.testserver.ScriptedPieces;
import java.util.ArrayList;
import java.util.List;

/**
 * What one generate or chat call produces: the thinking and answer pieces, why it stops, and the
 * deterministic counts and durations its final chunk reports.
 */
final class GenerationScript {

    final List<String> thinking;
    final List<String> pieces;
    final String doneReason;
    final int promptTokens;
    final long loadNanos;
    final long promptEvalNanos;
    final long evalNanos;
    final long totalNanos;

    private GenerationScript(List<String> thinking, List<String> pieces, String doneReason, int promptTokens, boolean cold) {
        this.thinking = thinking;
        this.pieces = pieces;
        this.doneReason = doneReason;
        this.promptTokens = promptTokens;
        this.loadNanos = cold ? FakeOllamaServer.LOAD_NANOS_COLD : FakeOllamaServer.LOAD_NANOS_WARM;
        this.promptEvalNanos = promptTokens * FakeOllamaServer.PROMPT_EVAL_NANOS_PER_TOKEN;
        this.evalNanos = (long) evalCount() * FakeOllamaServer.EVAL_NANOS_PER_TOKEN;
        this.totalNanos = loadNanos + promptEvalNanos + evalNanos + FakeOllamaServer.OVERHEAD_NANOS;
    }

    /**
     * Plans a call.
     *
     * @param promptText everything the model reads (system prompt, prompt or messages), for the prompt count
     * @param echoText   what an echo model repeats
     * @param options    the request's {@code options}
     * @param think      whether thinking is on
     * @param cold       whether the model had to be loaded for this call
     */
    static GenerationScript plan(ScriptedModel model, String promptText, String echoText, JsonNode options,
                                 boolean think, boolean cold) throws OllamaError {
        if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
            throw RequestChecks.typeError(options, "GenerateRequest", "options", "map[string]interface {}");
        }
        int numPredict = options.path("num_predict").asInt(-1);
        List<String> stops = stops(options.path("stop"));
        List<String> source = model.echo() ? ScriptedPieces.words(echoText) : model.tokens();
        ScriptedPieces.Cut cut = ScriptedPieces.cut(source, numPredict, stops);
        List<String> thoughts = think ? model.thinking() : List.of();
        return new GenerationScript(thoughts, cut.pieces(), cut.hitLimit() ? "length" : "stop",
                ScriptedPieces.promptTokens(promptText), cold);
    }

    /** Thinking and answer pieces together: what {@code eval_count} counts. */
    int evalCount() {
        return thinking.size() + pieces.size();
    }

    /** The {@code context} of a generate answer: one fake token id per prompt and answer token. */
    List<Integer> context() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < promptTokens + pieces.size(); i++) {
            ids.add(1000 + i);
        }
        return ids;
    }

    private static List<String> stops(JsonNode stop) throws OllamaError {
        List<String> stops = new ArrayList<>();
        if (stop.isMissingNode() || stop.isNull()) {
            return stops;
        }
        if (!stop.isArray()) {
            throw OllamaError.badRequest("option \"stop\" must be of type array");
        }
        for (JsonNode s : stop) {
            if (!s.isTextual()) {
                throw OllamaError.badRequest("option \"stop\" must be an array of strings");
            }
            stops.add(s.asText());
        }
        return stops;
    }
}
