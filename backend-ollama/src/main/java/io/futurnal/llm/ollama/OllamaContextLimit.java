package io.futurnal.llm.ollama;

import io.futurnal.llm.ContextLengthExceededException;
import java.util.OptionalInt;

/**
 * The context window of one call: the {@code num_ctx} sent (empty when the model's length is
 * unknown, so the server's default applies) and what is needed to explain a prompt that does not fit.
 *
 * @param model         the model the call runs on
 * @param numCtx        the {@code num_ctx} sent, if any
 * @param modelContext  the model's own context length from {@code /api/show}, if known
 * @param contextSource how the user names {@code futurnal.ollama.context}
 * @param truncate      whether the request lets Ollama cut the prompt
 */
record OllamaContextLimit(String model, OptionalInt numCtx, OptionalInt modelContext, String contextSource,
                          boolean truncate) {

    /**
     * The exception for Ollama's "the input length exceeds the context length": the same type,
     * with a message that says how big the window was and which setting raises it.
     */
    ContextLengthExceededException explain(ContextLengthExceededException fromServer) {
        String window = numCtx.isPresent() ? "the context window of " + numCtx.getAsInt() + " tokens (num_ctx)"
                : "the server's default context window (no num_ctx was sent: /api/show gave no context length)";
        String ceiling = modelContext.isPresent() ? " (the model's own is " + modelContext.getAsInt() + ")" : "";
        ContextLengthExceededException e = new ContextLengthExceededException("the prompt does not fit " + window
                + " of the Ollama model " + model + "; raise " + contextSource + ceiling
                + ", shorten the prompt, or set " + OllamaSettings.TRUNCATE.environmentName() + "=true to let Ollama cut it");
        e.initCause(fromServer);
        return e;
    }
}
