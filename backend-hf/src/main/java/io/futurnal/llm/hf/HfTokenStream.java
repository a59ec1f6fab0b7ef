package io.futurnal.llm.hf;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.spi.AbstractTokenStream;
import io.futurnal.llm.spi.StopSequenceFilter;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A generation on the hf backend, pulled token by token on the reader's thread. Text comes out
 * in whole characters, stop strings are cut on the Java side, and cancellation from any thread
 * stops the loop: the native KV cache is freed at once when no step is running, or by the
 * reader's thread as soon as the running step returns, so no step ever touches freed memory.
 *
 * <p>A timeout can fire while the superclass constructor is still running, before this class's
 * fields are set; so the state {@link #release} touches has no initialisers (which would reset
 * it), the monitor is {@code this}, and the constructor frees at its end what such an early
 * release could not.
 */
final class HfTokenStream extends AbstractTokenStream {

    private final HfModel model;
    private final TokenGenerator generator;
    private final IncrementalDecoder decoder;
    private final StopSequenceFilter stops;
    private final Consumer<HfTokenStream> onRelease;
    private boolean constructed;
    private boolean stepping;
    private boolean released;
    private boolean freed;
    private boolean ended;

    /** The caller has already retained {@code model}; this stream releases it and then calls {@code onRelease}. */
    HfTokenStream(HfModel model, int[] prompt, GenerationOptions options, Sampler sampler,
                  TokenConstraint constraint, int maxTokens, Consumer<HfTokenStream> onRelease) {
        super(HfSettings.ID, model.name, options);
        this.model = model;
        this.onRelease = onRelease;
        TokenGenerator created = null;
        try {
            created = new TokenGenerator(model, prompt, sampler, constraint, maxTokens);
        } finally {
            this.generator = created;
            synchronized (this) {
                constructed = true;
                if (released || created == null) {
                    released = true;
                    free();
                }
            }
        }
        this.decoder = new IncrementalDecoder(model.tokenizer, prompt.length == 0 ? -1 : prompt[prompt.length - 1]);
        this.stops = new StopSequenceFilter(options.stop());
    }

    /** Whether the stream has let go of its cache and model. */
    synchronized boolean isFreed() {
        return freed;
    }

    @Override
    protected String fetchNext() {
        synchronized (this) {
            if (released || ended) {
                return null;
            }
            stepping = true;
        }
        try {
            return step();
        } catch (LlmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BackendFailureException("the hf backend failed while generating: " + e.getMessage(), e);
        } finally {
            synchronized (this) {
                stepping = false;
                if (released) {
                    free();
                }
            }
        }
    }

    @Override
    protected void release(boolean interrupted) {
        synchronized (this) {
            released = true;
            if (constructed && !stepping) {
                free();
            }
        }
    }

    private String step() {
        while (true) {
            int id = generator.next();
            if (id < 0) {
                ended = true;
                String tail = stops.accept(decoder.flush());
                tail += stops.flush();
                finish(generator.reason(), metrics());
                return tail.isEmpty() ? null : tail;
            }
            String piece = stops.accept(decoder.accept(id));
            if (stops.stopped()) {
                ended = true;
                finish(FinishReason.STOP, metrics());
                return piece.isEmpty() ? null : piece;
            }
            if (!piece.isEmpty()) {
                return piece;
            }
            synchronized (this) {
                if (released) {
                    return null;
                }
            }
        }
    }

    private GenerationMetrics metrics() {
        return new GenerationMetrics(generator.promptTokens(), generator.generated(), Duration.ZERO, Duration.ZERO,
                Duration.ofNanos(generator.promptNanos()), Duration.ofNanos(generator.decodeNanos()), Duration.ZERO);
    }

    private void free() {
        if (!freed) {
            freed = true;
            if (generator != null) {
                generator.close();
            }
            model.release();
            onRelease.accept(this);
        }
    }
}
