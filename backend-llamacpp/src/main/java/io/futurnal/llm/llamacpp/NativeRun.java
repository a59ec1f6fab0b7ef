package io.futurnal.llm.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One native generation and the rules for stopping it safely.
 *
 * <p>The bindings' {@code receiveCompletion} waits until a result for its task arrives, and
 * cancelling a task discards its results, so cancelling while another thread waits in it would
 * leave that thread waiting forever. A stop requested during such a wait is therefore deferred:
 * the waiting thread performs it as soon as its result arrives, which is within one token. A stop
 * requested at any other time cancels the task at once, so an abandoned stream does not keep
 * generating. Either way the model's permit is released exactly once.
 */
final class NativeRun {

    private static final Logger LOG = LoggerFactory.getLogger(NativeRun.class);

    private final NativeModel model;
    private final Object lock = new Object();
    private LlamaIterator iterator;
    private boolean inNative;
    private boolean stopRequested;
    private boolean finished;
    private int tokens;
    private boolean lastTokenEmpty;
    private long startedNanos;
    private long firstTokenNanos;
    private long endNanos;

    NativeRun(NativeModel model) {
        this.model = model;
    }

    /** Waits for the model and submits the request. Returns false when the run was stopped first. */
    boolean start(InferenceParameters parameters) {
        synchronized (lock) {
            if (stopRequested || finished) {
                finished = true;
                return false;
            }
            inNative = true;
        }
        LlamaIterator started;
        try {
            started = model.startGeneration(this, parameters);
        } catch (RuntimeException e) {
            synchronized (lock) {
                inNative = false;
                finished = true;
            }
            throw e;
        }
        synchronized (lock) {
            inNative = false;
            iterator = started;
            startedNanos = System.nanoTime();
            if (stopRequested) {
                cancelAndFinish();
                return false;
            }
            return true;
        }
    }

    /** The next piece of text (possibly empty), or null when generation has ended or was stopped. */
    String next() {
        synchronized (lock) {
            if (finished || stopRequested || iterator == null) {
                return null;
            }
            inNative = true;
        }
        LlamaOutput output;
        try {
            output = iterator.next();
        } catch (RuntimeException e) {
            synchronized (lock) {
                inNative = false;
                // the bindings already dropped the task when they report an error for it
                finish();
            }
            throw NativeErrors.callFailure("generation", model.key.path(), e);
        }
        synchronized (lock) {
            inNative = false;
            if (!iterator.hasNext()) {
                // the final result carries no text in streaming mode
                finish();
                return null;
            }
            if (stopRequested) {
                cancelAndFinish();
                return null;
            }
            tokens++;
            lastTokenEmpty = output.text.isEmpty();
            if (firstTokenNanos == 0) {
                firstTokenNanos = System.nanoTime();
            }
            return output.text;
        }
    }

    /** Stops the generation; safe from any thread and more than once. */
    void stop() {
        synchronized (lock) {
            if (finished) {
                return;
            }
            stopRequested = true;
            if (!inNative && iterator != null) {
                cancelAndFinish();
            } else if (!inNative) {
                finished = true;
            }
        }
    }

    boolean stopRequested() {
        synchronized (lock) {
            return stopRequested;
        }
    }

    /** Tokens generated so far (each streamed result is one token, the end-of-sequence token included). */
    int tokens() {
        synchronized (lock) {
            return tokens;
        }
    }

    /** Whether the last token had no text, as the end-of-sequence token has. */
    boolean lastTokenEmpty() {
        synchronized (lock) {
            return lastTokenEmpty;
        }
    }

    /** Nanoseconds from submitting the request to the first token, 0 when none came. */
    long promptNanos() {
        synchronized (lock) {
            return firstTokenNanos == 0 ? 0 : firstTokenNanos - startedNanos;
        }
    }

    /** Nanoseconds from the first token to the end, 0 when unknown. */
    long decodeNanos() {
        synchronized (lock) {
            return firstTokenNanos == 0 || endNanos == 0 ? 0 : endNanos - firstTokenNanos;
        }
    }

    private void cancelAndFinish() {
        try {
            iterator.cancel();
        } catch (RuntimeException e) {
            LOG.debug("cancelling a llama.cpp task failed", e);
        }
        finish();
    }

    private void finish() {
        if (!finished) {
            finished = true;
            endNanos = System.nanoTime();
            model.finishGeneration(this);
        }
    }
}
