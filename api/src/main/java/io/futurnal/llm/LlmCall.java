package io.futurnal.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One call as {@link LlmListener}s see it: what was asked of which backend and model, and when.
 * The same instance is passed to every event of the call, so a listener can keep per-call state
 * (a timer sample, a tracing span) in its {@linkplain #attribute attributes}.
 */
public final class LlmCall {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final LlmOperation operation;
    private final String backend;
    private final String model;
    private final GenerationOptions options;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final Map<Object, Object> attributes = new ConcurrentHashMap<>();

    LlmCall(LlmOperation operation, BackendInfo info, GenerationOptions options) {
        this.operation = operation;
        this.backend = info.backend();
        this.model = info.model();
        this.options = options;
    }

    /** A number unique to this call within the JVM, for correlating log lines. */
    public long id() {
        return id;
    }

    /** Chat, text completion or embeddings. */
    public LlmOperation operation() {
        return operation;
    }

    /** The id of the backend the client runs on (with fallback, the first one). */
    public String backend() {
        return backend;
    }

    /** The model the client runs, as the backend names it. */
    public String model() {
        return model;
    }

    /** The options of a generate or chat call; empty for embeddings. */
    public Optional<GenerationOptions> options() {
        return Optional.ofNullable(options);
    }

    /** Wall-clock time the call started. */
    public Instant startedAt() {
        return startedAt;
    }

    /** Time since the call started. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** A value a listener stored for this call under {@code key}. */
    public <T> Optional<T> attribute(Object key, Class<T> type) {
        Object value = attributes.get(key);
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }

    /** Stores per-call state for a listener; use a key private to the listener. */
    public void setAttribute(Object key, Object value) {
        attributes.put(key, value);
    }

    @Override
    public String toString() {
        return "LlmCall[" + id + " " + operation.semanticName() + " on " + backend + "/" + model + "]";
    }
}
