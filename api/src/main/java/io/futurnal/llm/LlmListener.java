package io.futurnal.llm;

import java.time.Duration;

/**
 * Told about every call a client makes: when it starts, when its first piece of text arrives, and
 * how it ends. Implement the events you need; each has an empty default.
 *
 * <p>Register listeners with {@link LlmConfig.Builder#listener(LlmListener)}, or list them in
 * {@code META-INF/services/io.futurnal.llm.LlmListener} (they need a public no-argument
 * constructor). {@link LlmClients#observed(LlmClient, java.util.List)} adds them to a client made
 * some other way.
 *
 * <p>Events of one call arrive in order on the thread that drives the call, exactly one of
 * {@code onFinish}, {@code onEmbeddings} or {@code onError} last. Different calls may run at the
 * same time, so listeners must be thread-safe. A listener that throws is logged and ignored: it
 * never breaks the call or the other listeners.
 */
public interface LlmListener {

    /** The call was made; nothing has been sent yet. */
    default void onStart(LlmCall call) {
    }

    /** The first piece of text of a generate or chat call arrived after {@code timeToFirstToken}. */
    default void onFirstToken(LlmCall call, Duration timeToFirstToken) {
    }

    /**
     * A generate or chat call ended, normally or through cancellation ({@link FinishReason#CANCELLED}).
     * {@code result.metrics()} holds the counts and timings the client measured.
     */
    default void onFinish(LlmCall call, GenerationResult result) {
    }

    /** An embeddings call succeeded; {@link LlmCall#elapsed()} is how long it took. */
    default void onEmbeddings(LlmCall call, EmbeddingResult result) {
    }

    /** The call failed with {@code error}, usually an {@link LlmException}. */
    default void onError(LlmCall call, Throwable error) {
    }

    /**
     * {@code backend} is downloading {@code model} before it can answer (the Ollama backend does
     * when {@code futurnal.ollama.pull} allows it): one event per progress line, on the thread of
     * the call that waits for the download. A command-line tool draws its progress bar from these.
     */
    default void onModelDownload(String backend, String model, PullProgress progress) {
    }
}
