package io.futurnal.llm.hf;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.spi.AbstractTokenStream;
import io.futurnal.llm.spi.StopSequenceFilter;
import java.time.Duration;

/**
 * A generation on the hf backend, pulled token by token on the reader's thread. Text comes out
 * in whole characters, stop strings are cut on the Java side, and cancellation from any thread
 * stops the loop: the native KV cache is freed at once when no step is running, or by the
 * reader's thread as soon as the running step returns, so no step ever touches freed memory.
 */
final class HfTokenStream extends AbstractTokenStream {

    private final HfModel model;
    private final TokenGenerator generator;
    private final IncrementalDecoder decoder;
    private final StopSequenceFilter stops;
    private final Runnable onRelease;
    private final Object lock = new Object();
    private boolean stepping;
    private boolean released;
    private boolean freed;
    private boolean ended;

    /** The caller has already retained {@code model}; this stream releases it. */
    HfTokenStream(HfModel model, int[] prompt, GenerationOptions options, Sampler sampler, int maxTokens,
                  Runnable onRelease) {
        super("hf", model.name, options);
        this.model = model;
        this.onRelease = onRelease;
        this.generator = new TokenGenerator(model, prompt, sampler, maxTokens);
        this.decoder = new IncrementalDecoder(model.tokenizer, prompt.length == 0 ? -1 : prompt[prompt.length - 1]);
        this.stops = new StopSequenceFilter(options.stop());
    }

    @Override
    protected String fetchNext() {
        synchronized (lock) {
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
            synchronized (lock) {
                stepping = false;
                if (released) {
                    free();
                }
            }
        }
    }

    @Override
    protected void release(boolean interrupted) {
        synchronized (lock) {
            released = true;
            if (!stepping) {
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
            synchronized (lock) {
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
            generator.close();
            model.release();
            onRelease.run();
        }
    }
}
