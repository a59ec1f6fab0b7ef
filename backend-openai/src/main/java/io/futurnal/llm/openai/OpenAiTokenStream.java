package io.futurnal.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.StreamEvent;
import io.futurnal.llm.http.ErrorBodies;
import io.futurnal.llm.http.Exchange;
import io.futurnal.llm.spi.AbstractTokenStream;
import io.futurnal.llm.spi.StopSequenceFilter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A streamed completion: reads the server-sent events of {@code /chat/completions} or
 * {@code /completions} and hands out the text and reasoning of choice 0 as they arrive, and its
 * tool calls once they are whole (at the end of the stream, after their fragments were joined).
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
    private final ChatRequest request;
    private final Deque<StreamEvent> queued = new ArrayDeque<>();
    private SseReader events;
    private boolean ending;
    private boolean callsDelivered;

    /** {@code request} checks the tool calls; null for {@code /completions}. */
    OpenAiTokenStream(String model, GenerationOptions options, Exchange exchange, OpenAiErrors errors, ChatRequest request) {
        super(OpenAiClient.BACKEND, model, options);
        this.exchange = exchange;
        this.errors = errors;
        this.stops = new StopSequenceFilter(options.stop());
        this.request = request;
    }

    @Override
    protected StreamEvent fetchNextEvent() {
        while (queued.isEmpty()) {
            String text = nextText();
            if (text != null) {
                queued.add(new StreamEvent.TextDelta(text));
            } else if (queued.isEmpty()) {
                return null;
            }
        }
        return queued.poll();
    }

    /** The next piece of answer text; reasoning found on the way is queued. Null at the end, after the tool calls are queued. */
    private String nextText() {
        if (ending) {
            if (!callsDelivered) {
                callsDelivered = true;
                state.toolCalls(request, exchange.url()).forEach(c -> queued.add(new StreamEvent.ToolCallComplete(c)));
            }
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
                return tail.isEmpty() ? nextText() : tail;
            }
            if (!event.complete()) {
                throw new BackendConnectionException(exchange.url() + " ended the stream in the middle of an event"
                        + " (after " + textSoFar().length() + " characters); the answer is incomplete", null);
            }
            CompletionState.Pieces pieces = piece(event);
            if (!pieces.reasoning().isEmpty()) {
                queued.add(new StreamEvent.ReasoningDelta(pieces.reasoning()));
            }
            String piece = pieces.text();
            if (piece.isEmpty()) {
                if (!queued.isEmpty()) {
                    return null;
                }
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
                return nextText();
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

    private CompletionState.Pieces piece(SseReader.Event event) {
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
        return state.acceptPieces(chunk, exchange.url());
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
