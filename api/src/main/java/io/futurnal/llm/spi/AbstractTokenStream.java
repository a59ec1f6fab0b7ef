package io.futurnal.llm.spi;

import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.IncompleteOutputException;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.TokenStream;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The part of a {@link TokenStream} every backend shares: buffering one piece, collecting the
 * text, measuring time to first token, cancellation from any thread, the per-call timeout of
 * {@link GenerationOptions#timeout()}, and building the {@link GenerationResult}.
 *
 * <p>A backend supplies {@link #fetchNext()} (pull the next piece) and {@link #release(boolean)}
 * (free or abort what it holds), and calls {@link #finish} with what it knows about the end.
 */
public abstract class AbstractTokenStream implements TokenStream {

    private static final ScheduledExecutorService TIMER = newTimer();

    private final String backend;
    private final String model;
    private final Duration timeout;
    private final boolean structured;
    private final long startNanos = System.nanoTime();
    private final StringBuilder text = new StringBuilder();
    private final AtomicBoolean released = new AtomicBoolean();
    private ScheduledFuture<?> timeoutTask;
    private volatile boolean cancelled;
    private volatile boolean timedOut;

    private String pending;
    private boolean ended;
    private long firstPieceNanos = -1;
    private long endNanos;
    private int pieces;
    private FinishReason finishReason = FinishReason.STOP;
    private GenerationMetrics reported = GenerationMetrics.EMPTY;

    /**
     * Starts the stream; the timeout of {@code options} counts from here. {@code backend} and {@code model}
     * are the names the final {@link GenerationResult} reports.
     */
    protected AbstractTokenStream(String backend, String model, GenerationOptions options) {
        this.backend = backend;
        this.model = model;
        this.timeout = options.timeout();
        this.structured = !(options.format() instanceof ResponseFormat.Text);
    }

    /**
     * Blocks until the backend has the next piece of text. Returns {@code null} at the end (call
     * {@link #finish} before that). Throws an {@link io.futurnal.llm.LlmException} on failure.
     */
    protected abstract String fetchNext();

    /**
     * Frees what the stream holds. Called exactly once. With {@code interrupted} true the stream
     * stopped before its natural end (cancel, close, timeout, error) and the backend must abort the
     * work; this call may then come from a thread other than the reader's and race with
     * {@link #fetchNext()}.
     */
    protected abstract void release(boolean interrupted);

    /** Records why the stream ends and what the backend measured. Counts or durations left at zero are measured here. */
    protected final void finish(FinishReason reason, GenerationMetrics metrics) {
        this.finishReason = reason;
        this.reported = metrics;
    }

    @Override
    public final boolean hasNext() {
        startTimeoutOnce();
        while (pending == null && !ended) {
            if (stopRequested()) {
                endEarly();
                break;
            }
            String piece;
            try {
                piece = fetchNext();
            } catch (RuntimeException e) {
                if (stopRequested()) {
                    endEarly();
                    break;
                }
                ended = true;
                endNanos = System.nanoTime();
                releaseOnce(true);
                throw e;
            }
            if (stopRequested()) {
                endEarly();
            } else if (piece == null) {
                endNormally();
            } else if (!piece.isEmpty()) {
                if (firstPieceNanos < 0) {
                    firstPieceNanos = System.nanoTime();
                }
                pieces++;
                text.append(piece);
                pending = piece;
            }
        }
        if (timedOut && pending == null) {
            throw timeoutError();
        }
        return pending != null;
    }

    @Override
    public final String next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has ended");
        }
        String piece = pending;
        pending = null;
        return piece;
    }

    @Override
    public final void cancel() {
        cancelled = true;
        releaseOnce(true);
    }

    @Override
    public final boolean isCancelled() {
        return cancelled;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IncompleteOutputException when JSON output was asked for and the token limit cut it short
     */
    @Override
    public final GenerationResult result() {
        while (hasNext()) {
            next();
        }
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        Duration firstToken = firstPieceNanos < 0 ? Duration.ZERO : Duration.ofNanos(firstPieceNanos - startNanos);
        GenerationMetrics metrics = reported.withMeasured(pieces, firstToken, Duration.ofNanos(end - startNanos));
        GenerationResult result = new GenerationResult(text.toString(), cancelled ? FinishReason.CANCELLED : finishReason,
                metrics, backend, model);
        if (structured && result.finishReason() == FinishReason.LENGTH) {
            throw IncompleteOutputException.cutShort("JSON answer", result);
        }
        return result;
    }

    @Override
    public final void close() {
        if (!ended) {
            cancelled = true;
        }
        releaseOnce(!ended);
    }

    /** The text received so far. */
    protected final String textSoFar() {
        return text.toString();
    }

    private boolean stopRequested() {
        return cancelled || timedOut;
    }

    private void endNormally() {
        ended = true;
        endNanos = System.nanoTime();
        releaseOnce(false);
    }

    private void endEarly() {
        ended = true;
        endNanos = System.nanoTime();
        releaseOnce(true);
    }

    private void expire() {
        if (!ended && !cancelled) {
            timedOut = true;
            releaseOnce(true);
        }
    }

    private LlmTimeoutException timeoutError() {
        return new LlmTimeoutException("generation took longer than the " + timeout.toMillis()
                + " ms timeout set in GenerationOptions.timeout; raise it or leave it unset for no limit");
    }

    /**
     * Starts the per-call timer on the first read rather than in the constructor, so that it can
     * never release a stream whose subclass has not finished constructing. The time already spent
     * since construction counts against the timeout.
     */
    private void startTimeoutOnce() {
        if (timeout != null && timeoutTask == null && !released.get()) {
            long left = timeout.toNanos() - (System.nanoTime() - startNanos);
            if (left <= 0) {
                expire();
                return;
            }
            ScheduledFuture<?> task = TIMER.schedule(this::expire, left, TimeUnit.NANOSECONDS);
            synchronized (released) {
                timeoutTask = task;
            }
        }
    }

    private void releaseOnce(boolean interrupted) {
        if (released.compareAndSet(false, true)) {
            synchronized (released) {
                if (timeoutTask != null) {
                    timeoutTask.cancel(false);
                }
            }
            release(interrupted);
        }
    }

    private static ScheduledExecutorService newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "futurnal-llm-timeout");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
