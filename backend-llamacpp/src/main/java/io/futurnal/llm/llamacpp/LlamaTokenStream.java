package io.futurnal.llm.llamacpp;

import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.spi.AbstractTokenStream;
import io.futurnal.llm.spi.StopSequenceFilter;
import java.lang.ref.Cleaner;
import java.time.Duration;

/**
 * Text from one llama.cpp generation, token by token. Stop strings are applied here rather than in
 * llama.cpp, so the finish reason is known exactly: a matched stop string ends the native task at
 * once. JSON output ends as soon as the value is whole, and is closed by a second run when the
 * token limit comes near (see {@link JsonBudget}). A stream dropped without being closed is
 * cancelled when it is garbage collected, so it cannot hold the model forever.
 */
final class LlamaTokenStream extends AbstractTokenStream {

    private static final Cleaner CLEANER = Cleaner.create();

    private final NativeModel nativeModel;
    private final RunSlot slot;
    private final Requests.Prepared request;
    private final StopSequenceFilter stops;
    private final JsonBudget budget;
    private final Duration loadDuration;
    private final Cleaner.Cleanable cleanable;
    private NativeRun run;
    private int earlierTokens;
    private long earlierDecodeNanos;
    private long promptNanos = -1;
    private boolean started;
    private boolean closing;
    private boolean stoppedByString;
    private boolean done;

    /** The run in progress, kept apart from the stream so the cleaner can stop it without holding the stream. */
    private static final class RunSlot {
        private NativeRun run;
        private boolean stopped;

        synchronized void replace(NativeRun next) {
            run = next;
            if (stopped) {
                next.stop();
            }
        }

        synchronized void stop() {
            stopped = true;
            run.stop();
        }
    }

    LlamaTokenStream(String model, GenerationOptions options, NativeModel nativeModel, Requests.Prepared request,
                     Duration loadDuration) {
        super(LlamaCppProvider.ID, model, options);
        this.nativeModel = nativeModel;
        this.run = new NativeRun(nativeModel);
        this.slot = new RunSlot();
        slot.replace(run);
        this.request = request;
        this.stops = new StopSequenceFilter(request.stops());
        this.budget = new JsonBudget(request.json(), request.tokenLimit());
        this.loadDuration = loadDuration;
        RunSlot abandoned = slot;
        this.cleanable = CLEANER.register(this, abandoned::stop);
    }

    @Override
    protected String fetchNext() {
        if (done) {
            return null;
        }
        if (!started) {
            started = true;
            if (!run.start(request.parameters())) {
                return end();
            }
        }
        while (true) {
            String piece = run.next();
            if (piece == null) {
                String tail = stops.flush();
                String last = end();
                return tail.isEmpty() ? last : tail;
            }
            budget.accept(piece);
            String visible = stops.accept(piece);
            if (stops.stopped() || budget.complete()) {
                stoppedByString = stops.stopped();
                run.stop();
                end();
                return visible + (stoppedByString ? "" : stops.flush());
            }
            if (!closing && budget.mustClose(earlierTokens + run.tokens()) && earlierTokens + run.tokens() < budget.tokens()) {
                startClosing();
            }
            if (!visible.isEmpty()) {
                return visible;
            }
        }
    }

    /** Ends this run and starts one that may write only the shortest closing of the JSON. */
    private void startClosing() {
        closing = true;
        String text = budget.closing();
        int left = budget.tokens() - earlierTokens - run.tokens();
        NativeRun next = new NativeRun(nativeModel);
        run.stop();
        earlierTokens += run.tokens();
        earlierDecodeNanos += run.decodeNanos();
        promptNanos = run.promptNanos();
        run = next;
        slot.replace(next);
        next.start(Requests.closing(request, budget.generated(), text, left)); // false: stopped meanwhile
    }

    @Override
    protected void release(boolean interrupted) {
        slot.stop();
        cleanable.clean();
    }

    /** Records the finish reason and metrics; returns null, the end marker. */
    private String end() {
        if (!done) {
            done = true;
            int tokens = earlierTokens + run.tokens();
            FinishReason reason = stoppedByString || budget.complete() || run.lastTokenEmpty()
                    ? FinishReason.STOP : FinishReason.LENGTH;
            if (tokens == 0 && !stoppedByString) {
                reason = FinishReason.STOP;
            }
            finish(reason, new GenerationMetrics(request.promptTokens(), tokens, loadDuration, Duration.ZERO,
                    Duration.ofNanos(promptNanos >= 0 ? promptNanos : run.promptNanos()), Duration.ofNanos(earlierDecodeNanos + run.decodeNanos()),
                    Duration.ZERO));
        }
        return null;
    }
}
