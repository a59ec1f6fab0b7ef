package io.futurnal.llm.spi;

import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.IncompleteOutputException;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.StreamEvent;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The part of a {@link TokenStream} every backend shares: buffering one piece, collecting the
 * text, measuring time to first token, cancellation from any thread, the per-call timeout of
 * {@link GenerationOptions#timeout()}, the token limit of {@link GenerationOptions#maxTokens()}
 * enforced on the client, and building the {@link GenerationResult}.
 *
 * <p>A backend supplies {@link #fetchNext()} (pull the next piece of text) or, when it has
 * reasoning or tool calls too, {@link #fetchNextEvent()}; and {@link #release(boolean)} (free or
 * abort what it holds), and calls {@link #finish} with what it knows about the end. Text,
 * reasoning and tool calls are collected into the result whichever way the caller reads.
 */
public abstract class AbstractTokenStream implements TokenStream {

    private static final ScheduledExecutorService TIMER = newTimer();

    private final String backend;
    private final String model;
    private final Duration timeout;
    private final boolean structured;
    private final int maxPieces;
    private final long startNanos = System.nanoTime();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private final AtomicBoolean released = new AtomicBoolean();
    private ScheduledFuture<?> timeoutTask;
    private volatile boolean cancelled;
    private volatile boolean timedOut;

    private StreamEvent pending;
    private boolean finishDelivered;
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
        this.maxPieces = options.maxTokens() == null ? Integer.MAX_VALUE : options.maxTokens();
    }

    /**
     * Blocks until the backend has the next piece of text. Returns {@code null} at the end (call
     * {@link #finish} before that). Throws an {@link io.futurnal.llm.LlmException} on failure.
     * Backends that override {@link #fetchNextEvent()} instead need not implement it.
     */
    protected String fetchNext() {
        throw new UnsupportedOperationException(getClass().getName() + " must override fetchNext or fetchNextEvent");
    }

    /**
     * Blocks until the backend has the next {@link StreamEvent.TextDelta},
     * {@link StreamEvent.ReasoningDelta} or {@link StreamEvent.ToolCallComplete}; returns
     * {@code null} at the end (call {@link #finish} before that). The finish event is made here.
     * The default wraps {@link #fetchNext()}.
     */
    protected StreamEvent fetchNextEvent() {
        String piece = fetchNext();
        return piece == null ? null : new StreamEvent.TextDelta(piece);
    }

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
        while (fill() && !(pending instanceof StreamEvent.TextDelta)) {
            pending = null; // reasoning and tool calls were collected by fill(); plain iteration skips them
        }
        return pending != null;
    }

    @Override
    public final String next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has ended");
        }
        String piece = ((StreamEvent.TextDelta) pending).text();
        pending = null;
        return piece;
    }

    /** Every event, ending with one {@link StreamEvent.Finish}. */
    @Override
    public final Iterator<StreamEvent> events() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return fill() || !finishDelivered;
            }

            @Override
            public StreamEvent next() {
                if (fill()) {
                    StreamEvent event = pending;
                    pending = null;
                    return event;
                }
                if (finishDelivered) {
                    throw new NoSuchElementException("the stream has ended");
                }
                finishDelivered = true;
                return new StreamEvent.Finish(result());
            }
        };
    }

    /** Makes {@link #pending} the next event unless the stream has ended; returns whether there is one. */
    private boolean fill() {
        startTimeoutOnce();
        while (pending == null && !ended) {
            if (stopRequested()) {
                endEarly();
                break;
            }
            StreamEvent event;
            try {
                event = fetchNextEvent();
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
            } else if (event == null) {
                endNormally();
            } else {
                collect(event);
            }
        }
        if (timedOut && pending == null) {
            throw timeoutError();
        }
        return pending != null;
    }

    private void collect(StreamEvent event) {
        if (pieces >= maxPieces && isPiece(event)) {
            // a piece is at most one token, so a server that ignores the limit is cut off here
            finishReason = FinishReason.LENGTH;
            endEarly();
            return;
        }
        if (event instanceof StreamEvent.TextDelta t && !t.text().isEmpty()) {
            text.append(t.text());
        } else if (event instanceof StreamEvent.ReasoningDelta r && !r.text().isEmpty()) {
            reasoning.append(r.text());
        } else if (event instanceof StreamEvent.ToolCallComplete c) {
            toolCalls.add(c.call());
        } else {
            return; // an empty delta, or a finish the backend should not send: the finish is made here
        }
        if (firstPieceNanos < 0) {
            firstPieceNanos = System.nanoTime();
        }
        if (!(event instanceof StreamEvent.ToolCallComplete)) {
            pieces++;
        }
        pending = event;
    }

    /** Whether {@code event} is a non-empty piece of text or reasoning, which the token limit counts. */
    private static boolean isPiece(StreamEvent event) {
        return event instanceof StreamEvent.TextDelta t && !t.text().isEmpty()
                || event instanceof StreamEvent.ReasoningDelta r && !r.text().isEmpty();
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
        FinishReason reason = cancelled ? FinishReason.CANCELLED
                : finishReason == FinishReason.STOP && !toolCalls.isEmpty() ? FinishReason.TOOL_CALLS : finishReason;
        GenerationResult result = new GenerationResult(text.toString(), reason, metrics, backend, model,
                reasoning.toString(), toolCalls);
        if (structured && reason == FinishReason.LENGTH) {
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

    /** The reasoning received so far. */
    protected final String reasoningSoFar() {
        return reasoning.toString();
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
