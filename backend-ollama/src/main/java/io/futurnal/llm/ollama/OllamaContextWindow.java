package io.futurnal.llm.ollama;

import io.futurnal.llm.LlmException;
import io.futurnal.llm.ModelNotFoundException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@code num_ctx} of each call. Ollama's own default (2048 or 4096 tokens, whatever
 * the model was trained for) silently cuts longer prompts, so the client always sends one: the
 * configured {@code futurnal.ollama.context}, else the model's own context length from
 * {@code /api/show}, at most {@link OllamaSettings#DEFAULT_CONTEXT_CAP} because Ollama reserves
 * memory for the whole window. The model's length is read once per model and kept.
 */
final class OllamaContextWindow {

    private static final Logger LOG = LoggerFactory.getLogger(OllamaContextWindow.class);

    private final OllamaSettings settings;
    private final Function<String, OllamaModelInfo> show;
    private final Map<String, OptionalInt> modelContexts = new ConcurrentHashMap<>();

    /** @param show {@code /api/show} for a model tag */
    OllamaContextWindow(OllamaSettings settings, Function<String, OllamaModelInfo> show) {
        this.settings = settings;
        this.show = show;
    }

    /**
     * The limit of a call on {@code model}.
     *
     * @throws ModelNotFoundException when the server has not got the model
     */
    OllamaContextLimit limitFor(String model) {
        OptionalInt own = modelContext(model);
        OptionalInt numCtx = settings.context().isPresent() ? settings.context()
                : own.isPresent() ? OptionalInt.of(Math.min(own.getAsInt(), OllamaSettings.DEFAULT_CONTEXT_CAP)) : OptionalInt.empty();
        return new OllamaContextLimit(model, numCtx, own, settings.contextSource(), settings.truncate());
    }

    /** The model's own context length; a model that is not there is an error, any other failure leaves it unknown. */
    private OptionalInt modelContext(String model) {
        // computeIfAbsent: threads that start together on a new model ask the server once
        OptionalInt known = modelContexts.computeIfAbsent(model, this::readModelContext);
        return known == null ? OptionalInt.empty() : known;
    }

    /** The length from {@code /api/show}; null (not kept, so the next call asks again) when it cannot be read. */
    private OptionalInt readModelContext(String model) {
        try {
            return show.apply(model).contextLength();
        } catch (ModelNotFoundException e) {
            throw e;
        } catch (LlmException e) {
            LOG.debug("cannot read the context length of {}: {}; this call has the server's default window", model, e.getMessage());
            return null;
        }
    }

    /** Forgets what is known of {@code model}, e.g. after it was pulled again. */
    void forget(String model) {
        modelContexts.remove(model);
    }
}
