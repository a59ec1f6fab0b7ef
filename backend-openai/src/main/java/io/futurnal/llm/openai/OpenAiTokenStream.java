package io.futurnal.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.http.ErrorBodies;
import io.futurnal.llm.http.Exchange;
import io.futurnal.llm.spi.AbstractTokenStream;
import io.futurnal.llm.spi.StopSequenceFilter;

/**
 * A streamed completion: reads the server-sent events of {@code /chat/completions} or
 * {@code /completions} and hands out the text of choice 0.
 *
 * <p>The request is sent on the first {@link #hasNext()}, so that {@link #cancel()} and the
 * per-call timeout also stop a server that is slow to answer. The stream must end with
 * {@code data: [DONE]}; a body that ends before it is an error, never a short answer. Stop strings
 * are applied here as well, for servers that ignore {@code stop}.
 */
final class OpenAiTokenStream extends AbstractTokenStream {

    private static final int MAX_LINES_AFTER_DONE = 4;

    private final Exchange exchange;
    private final OpenAiErrors errors;
    private final StopSequenceFilter stops;
    private final CompletionState state = new CompletionState();
    private SseReader events;
    private boolean ending;

    OpenAiTokenStream(String model, GenerationOptions options, Exchange exchange, OpenAiErrors errors) {
        super(OpenAiClient.BACKEND, model, options);
        this.exchange = exchange;
        this.errors = errors;
        this.stops = new StopSequenceFilter(options.stop());
    }

    @Override
    protected String fetchNext() {
        if (ending) {
            finish(state.finishReason(), state.metrics());
            return null;
        }
        if (events == null) {
            exchange.open();
            events = new SseReader(exchange.lines());
        }
        while (true) {
            SseReader.Event event = events.next();
            if (event == null) {
                throw new BackendConnectionException(exchange.url() + " ended the stream before 'data: [DONE]'"
                        + " (after " + textSoFar().length() + " characters); the answer is incomplete", null);
            }
            if (event.isDone()) {
                drainAfterDone();
                ending = true;
                String tail = stops.flush();
                if (!tail.isEmpty()) {
                    return tail;
                }
                finish(state.finishReason(), state.metrics());
                return null;
            }
            if (!event.complete()) {
                throw new BackendConnectionException(exchange.url() + " ended the stream in the middle of an event"
                        + " (after " + textSoFar().length() + " characters); the answer is incomplete", null);
            }
            String piece = piece(event);
            if (piece.isEmpty()) {
                continue;
            }
            String out = stops.accept(piece);
            if (stops.stopped()) {
                // the rest of the answer is not wanted: closing aborts the exchange
                state.stoppedByStopString();
                ending = true;
            }
            if (!out.isEmpty()) {
                return out;
            }
            if (ending) {
                finish(state.finishReason(), state.metrics());
                return null;
            }
        }
    }

    @Override
    protected void release(boolean interrupted) {
        if (interrupted) {
            exchange.abort();
        }
        exchange.close();
    }

    private String piece(SseReader.Event event) {
        JsonNode root;
        try {
            root = OpenAiWire.MAPPER.readTree(event.data());
        } catch (JsonProcessingException e) {
            throw new BackendFailureException(exchange.url() + " sent an event that is not JSON: "
                    + ErrorBodies.shorten(event.data()), e);
        }
        if ("error".equals(event.type()) || (root != null && root.has("error"))) {
            ApiError error = ApiError.of(root).orElse(new ApiError(event.data(), "", ""));
            throw errors.inStream(error, exchange.url());
        }
        OpenAiWire.Completion chunk;
        try {
            chunk = OpenAiWire.MAPPER.treeToValue(root, OpenAiWire.Completion.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BackendFailureException(exchange.url() + " sent a chunk of an unexpected shape: "
                    + ErrorBodies.shorten(event.data()), e);
        }
        return state.accept(chunk, exchange.url());
    }

    /** Reads the few bytes left after {@code [DONE]} so that the connection can be reused. */
    private void drainAfterDone() {
        try {
            for (int i = 0; i < MAX_LINES_AFTER_DONE && exchange.lines().next() != null; i++) {
                // an OpenAI stream has nothing after [DONE] but the blank line that ends the event
            }
        } catch (LlmException e) {
            // the answer is complete; the connection is simply not reused
        }
    }
}
