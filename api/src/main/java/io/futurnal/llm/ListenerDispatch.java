package io.futurnal.llm;

import java.time.Duration;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands one event to every listener, so that a listener that throws cannot break a call. */
final class ListenerDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatch.class);

    private final List<LlmListener> listeners;

    ListenerDispatch(List<LlmListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** The listeners registered in {@code META-INF/services}; broken entries are logged and skipped. */
    static List<LlmListener> fromServiceLoader(ClassLoader loader) {
        return ServiceLoading.loadAll(LlmListener.class, loader,
                message -> LOG.warn("ignoring a registered LlmListener that could not be loaded: {}", message));
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    void start(LlmCall call) {
        each(call, "onStart", l -> l.onStart(call));
    }

    void firstToken(LlmCall call, Duration timeToFirstToken) {
        each(call, "onFirstToken", l -> l.onFirstToken(call, timeToFirstToken));
    }

    void finish(LlmCall call, GenerationResult result) {
        each(call, "onFinish", l -> l.onFinish(call, result));
    }

    void embeddings(LlmCall call, EmbeddingResult result) {
        each(call, "onEmbeddings", l -> l.onEmbeddings(call, result));
    }

    void error(LlmCall call, Throwable error) {
        each(call, "onError", l -> l.onError(call, error));
    }

    void modelDownload(String backend, String model, PullProgress progress) {
        each(backend + "'s download of " + model, "onModelDownload", l -> l.onModelDownload(backend, model, progress));
    }

    /** @param subject what the event is about, for the log line of a listener that throws */
    private void each(Object subject, String event, Consumer<LlmListener> action) {
        for (LlmListener listener : listeners) {
            try {
                action.accept(listener);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("listener {} failed in {} of {}; the call goes on: {}",
                        listener.getClass().getName(), event, subject, e.toString());
            }
        }
    }
}
