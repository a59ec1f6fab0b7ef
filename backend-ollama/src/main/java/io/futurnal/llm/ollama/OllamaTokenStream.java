package io.futurnal.llm.ollama;

import com.fasterxml.jackson.databind.ObjectReader;
import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.CancelledException;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.ContextLengthExceededException;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.StreamEvent;
import io.futurnal.llm.http.Exchange;
import io.futurnal.llm.http.HttpCall;
import io.futurnal.llm.http.HttpTransport;
import io.futurnal.llm.http.LineReader;
import io.futurnal.llm.spi.AbstractTokenStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * A generate or chat answer read from Ollama's NDJSON stream, one chunk per piece. The request is
 * sent on the first {@link #hasNext()}, so a {@link #cancel()} from another thread can stop it at
 * any point, even while the model is still loading: it aborts the exchange, which closes the
 * connection and frees its pool slot. Thinking text arrives as reasoning events, apart from the
 * answer, and tool calls (which Ollama sends whole) as complete-call events.
 */
final class OllamaTokenStream extends AbstractTokenStream {

    private static final int MAX_LINES_AFTER_DONE = 8;

    private final HttpTransport transport;
    private final Supplier<Prepared> prepare;
    private final ObjectReader chunkReader;
    private final OllamaErrors errors;
    private final ChatRequest request;
    private OllamaContextLimit limit;
    private final Deque<StreamEvent> queued = new ArrayDeque<>();
    private int toolCalls;
    private volatile Exchange exchange;
    private volatile boolean released;
    private boolean sawDone;

    OllamaTokenStream(HttpTransport transport, HttpCall call, String model, GenerationOptions options,
                      ObjectReader chunkReader, OllamaErrors errors, ChatRequest request) {
        this(transport, () -> new Prepared(call, null), model, options, chunkReader, errors, request);
    }

    /**
     * A stream whose request is made on the first read, by {@code prepare}, which may itself call
     * the server (to pull the model or read its context length).
     */
    OllamaTokenStream(HttpTransport transport, Supplier<Prepared> prepare, String model, GenerationOptions options,
                      ObjectReader chunkReader, OllamaErrors errors, ChatRequest request) {
        super(OllamaProvider.ID, model, options);
        this.prepare = prepare;
        this.transport = transport;
        this.chunkReader = chunkReader;
        this.errors = errors;
        this.request = request;
    }

    /**
     * The request of a stream and its context window.
     *
     * @param call  the request
     * @param limit the window, to explain a prompt that does not fit; null when unknown
     */
    record Prepared(HttpCall call, OllamaContextLimit limit) {
    }

    @Override
    protected StreamEvent fetchNextEvent() {
        try {
            while (queued.isEmpty() && !sawDone) {
                readChunk();
            }
        } catch (ContextLengthExceededException e) {
            throw limit == null ? e : limit.explain(e);
        }
        return queued.poll();
    }

    private void readChunk() {
        LineReader lines = open().lines();
        while (true) {
            LineReader.Line line = lines.next();
            if (line == null) {
                throw new BackendConnectionException("the stream from " + exchange.url()
                        + " ended before its final \"done\" chunk; the answer is incomplete", null);
            }
            if (line.text().isBlank()) {
                continue;
            }
            OllamaWire.Chunk chunk = parse(line);
            if (chunk.error() != null) {
                throw errors.midStream(chunk.error(), exchange.url());
            }
            queued.addAll(OllamaResults.events(chunk, request, toolCalls));
            toolCalls += (int) queued.stream().filter(StreamEvent.ToolCallComplete.class::isInstance).count();
            if (chunk.done()) {
                sawDone = true;
                finish(OllamaResults.finishReason(chunk.doneReason()), OllamaResults.metrics(chunk, false));
            }
            if (chunk.done() || !queued.isEmpty()) {
                return;
            }
        }
    }

    @Override
    protected void release(boolean interrupted) {
        released = true;
        Exchange e = exchange;
        if (e == null) {
            return;
        }
        if (interrupted) {
            e.abort();
        } else {
            drainTail(e);
        }
        e.close();
    }

    private Exchange open() {
        Exchange e = exchange;
        if (e == null) {
            Prepared prepared = prepare.get();
            limit = prepared.limit();
            e = transport.exchange(prepared.call());
            exchange = e;
            if (released) {
                e.abort();
                throw new CancelledException("the stream was closed before it started");
            }
            e.open();
        }
        return e;
    }

    private OllamaWire.Chunk parse(LineReader.Line line) {
        try {
            return chunkReader.readValue(line.text());
        } catch (IOException ex) {
            if (!line.terminated()) {
                throw new BackendConnectionException("the stream from " + exchange.url()
                        + " ended in the middle of a line (" + errors.excerpt(line.text())
                        + "); the answer is incomplete", ex);
            }
            throw new BackendFailureException(exchange.url() + " sent a line that is not an Ollama chunk: "
                    + errors.excerpt(line.text()), ex);
        }
    }

    /** Reads the end of the body after the final chunk so that the connection can be reused. */
    private static void drainTail(Exchange e) {
        try {
            LineReader lines = e.lines();
            for (int i = 0; i < MAX_LINES_AFTER_DONE && lines.next() != null; i++) {
                // nothing is expected after "done"; a stray line is dropped
            }
        } catch (RuntimeException ignored) {
            // the connection is discarded by close() instead of reused
        }
    }
}
