package io.futurnal.llm.testserver.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.testserver.ScriptedPieces;
import java.util.ArrayList;
import java.util.List;

/**
 * How Ollama fits a prompt into {@code num_ctx}, with one word as one token. The window is the
 * request's {@code options.num_ctx}, else {@link #DEFAULT_NUM_CTX}, never more than the model was
 * trained for (Ollama lowers a larger request to that). A prompt that does not fit is refused with
 * HTTP 400 "the input length exceeds the context length" when the request has
 * {@code "truncate": false}; otherwise (the default) a chat first drops its oldest messages that
 * are neither system messages nor the last one, and then the runner keeps the first
 * {@code num_keep} tokens and the last ones, dropping the middle without a word.
 *
 * @param text   what the model reads after the fit
 * @param tokens how many tokens that is: the {@code prompt_eval_count}
 * @param cut    whether tokens were cut out of the prompt (dropped chat messages do not count)
 */
record ContextFit(String text, int tokens, boolean cut) {

    /** Ollama's default {@code num_ctx} when the request names none. */
    static final int DEFAULT_NUM_CTX = 4096;
    /** Ollama's default {@code num_keep}: tokens at the start that truncation never drops. */
    static final int DEFAULT_NUM_KEEP = 4;
    /** The runner's error text for a prompt over the window with truncation off. */
    static final String INPUT_TOO_LONG = "the input length exceeds the context length";

    /**
     * Fits {@code contents} (with their {@code roles}; one plain prompt is one {@code user} entry).
     *
     * @throws OllamaError 400 when it does not fit and {@code truncate} is false
     */
    static ContextFit fit(List<String> roles, List<String> contents, ScriptedModel model, JsonNode options,
                          boolean truncate) throws OllamaError {
        int numCtx = numCtx(model, options);
        List<String> roleList = new ArrayList<>(roles);
        List<String> kept = new ArrayList<>(contents);
        if (truncate) {
            for (int i = 0; i < kept.size() - 1 && tokens(kept) > numCtx; ) {
                if (roleList.get(i).equals("system")) {
                    i++;
                } else {
                    roleList.remove(i);
                    kept.remove(i);
                }
            }
        }
        List<String> words = ScriptedPieces.words(String.join(" ", kept));
        if (words.size() <= numCtx) {
            return new ContextFit(String.join(" ", kept), Math.max(1, words.size()), false);
        }
        if (!truncate) {
            throw OllamaError.badRequest(INPUT_TOO_LONG);
        }
        int keep = Math.min(options.path("num_keep").asInt(DEFAULT_NUM_KEEP), numCtx - 1);
        List<String> fitted = new ArrayList<>(words.subList(0, keep));
        fitted.addAll(words.subList(words.size() - (numCtx - keep), words.size()));
        return new ContextFit(String.join("", fitted).strip(), fitted.size(), true);
    }

    /** The window a request gets on {@code model}. */
    static int numCtx(ScriptedModel model, JsonNode options) {
        int asked = options.path("num_ctx").asInt(0);
        int window = asked > 0 ? asked : DEFAULT_NUM_CTX;
        return Math.min(window, model.contextLength());
    }

    private static int tokens(List<String> contents) {
        return ScriptedPieces.words(String.join(" ", contents)).size();
    }
}
