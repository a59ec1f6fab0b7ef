package io.futurnal.llm;

import java.util.Iterator;
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

    /** Cancels the stream if it has not ended, and frees what it holds. Idempotent. */
    @Override
    void close();
}
