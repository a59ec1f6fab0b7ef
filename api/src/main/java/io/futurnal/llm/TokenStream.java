package io.futurnal.llm;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Generated text, piece by piece, as the backend produces it.
 *
 * <p>Iterate it on one thread. {@link #cancel()} may be called from any thread: it stops the
 * backend (aborting the HTTP exchange or the native generation), after which {@link #hasNext()}
 * returns {@code false} and {@link #result()} reports {@link FinishReason#CANCELLED}. Always close
 * a stream you do not read to the end; try-with-resources does it.
 *
 * <pre>{@code
 * try (TokenStream tokens = client.generateStream("Once upon a time", options)) {
 *     tokens.forEachRemaining(System.out::print);
 *     System.out.println(tokens.result().metrics().tokensPerSecond());
 * }
 * }</pre>
 */
public interface TokenStream extends Iterator<String>, AutoCloseable {

    /** Blocks until the next piece of text or the end. Backend errors surface here as {@link LlmException}s. */
    @Override
    boolean hasNext();

    @Override
    String next();

    /** Stops generation. Safe from any thread, and more than once. */
    void cancel();

    /** Whether {@link #cancel()} or {@link #close()} stopped the stream before it ended. */
    boolean isCancelled();

    /**
     * Reads whatever is left, then returns the whole text with its finish reason and metrics.
     *
     * @throws IncompleteOutputException when JSON output was asked for and the token limit cut it
     *         short; the exception carries the partial result
     */
    GenerationResult result();

    /** Calls {@code onToken} for each remaining piece, then returns {@link #result()}. */
    default GenerationResult forEachToken(Consumer<String> onToken) {
        while (hasNext()) {
            onToken.accept(next());
        }
        return result();
    }

    /**
     * The stream as typed events: {@link StreamEvent.TextDelta}s (the pieces {@link #next()} would
     * yield), {@link StreamEvent.ReasoningDelta}s, {@link StreamEvent.ToolCallComplete}s, and last one
     * {@link StreamEvent.Finish} with the result. Backend errors surface from the iterator as
     * {@link LlmException}s.
     *
     * <pre>{@code
     * try (TokenStream stream = client.chatStream(request)) {
     *     stream.events().forEachRemaining(event -> {
     *         if (event instanceof StreamEvent.ReasoningDelta r) System.err.print(r.text());
     *         if (event instanceof StreamEvent.TextDelta t) System.out.print(t.text());
     *         if (event instanceof StreamEvent.ToolCallComplete c) run(c.call());
     *     });
     * }
     * }</pre>
     *
     * <p>The default yields text pieces and the finish, for streams that carry nothing else.
     */
    default Iterator<StreamEvent> events() {
        TokenStream stream = this;
        return new Iterator<>() {
            private boolean finished;

            @Override
            public boolean hasNext() {
                return !finished;
            }

            @Override
            public StreamEvent next() {
                if (finished) {
                    throw new NoSuchElementException("the stream has ended");
                }
                if (stream.hasNext()) {
                    return new StreamEvent.TextDelta(stream.next());
                }
                finished = true;
                return new StreamEvent.Finish(stream.result());
            }
        };
    }

    /** Calls {@code onEvent} for each remaining event, the finish included, then returns {@link #result()}. */
    default GenerationResult forEachEvent(Consumer<StreamEvent> onEvent) {
        Iterator<StreamEvent> events = events();
        while (events.hasNext()) {
            onEvent.accept(events.next());
        }
        return result();
    }

    /** Cancels the stream if it has not ended, and frees what it holds. Idempotent. */
    @Override
    void close();
}
