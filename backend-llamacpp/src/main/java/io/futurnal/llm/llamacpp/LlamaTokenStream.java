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
 * once. A stream dropped without being closed is cancelled when it is garbage collected, so it
 * cannot hold the model forever.
 */
final class LlamaTokenStream extends AbstractTokenStream {

    private static final Cleaner CLEANER = Cleaner.create();

    private final NativeRun run;
    private final Requests.Prepared request;
    private final StopSequenceFilter stops;
    private final Duration loadDuration;
    private final Cleaner.Cleanable cleanable;
    private boolean started;
    private boolean stoppedByString;
    private boolean done;

    LlamaTokenStream(String model, GenerationOptions options, NativeModel nativeModel, Requests.Prepared request,
                     Duration loadDuration) {
        super(LlamaCppProvider.ID, model, options);
        this.run = new NativeRun(nativeModel);
        this.request = request;
        this.stops = new StopSequenceFilter(request.stops());
        this.loadDuration = loadDuration;
        NativeRun abandoned = run;
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
            String visible = stops.accept(piece);
            if (stops.stopped()) {
                stoppedByString = true;
                run.stop();
                end();
                return visible;
            }
            if (!visible.isEmpty()) {
                return visible;
            }
        }
    }

    @Override
    protected void release(boolean interrupted) {
        run.stop();
        cleanable.clean();
    }

    /** Records the finish reason and metrics; returns null, the end marker. */
    private String end() {
        if (!done) {
            done = true;
            FinishReason reason = stoppedByString || run.lastTokenEmpty() ? FinishReason.STOP : FinishReason.LENGTH;
            if (run.tokens() == 0 && !stoppedByString) {
                reason = FinishReason.STOP;
            }
            finish(reason, new GenerationMetrics(request.promptTokens(), run.tokens(), loadDuration, Duration.ZERO,
                    Duration.ofNanos(run.promptNanos()), Duration.ofNanos(run.decodeNanos()), Duration.ZERO));
        }
        return null;
    }
}
