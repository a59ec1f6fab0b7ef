package io.futurnal.llm.openai;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.http.LineReader;

/**
 * Splits a {@code text/event-stream} body into events: {@code data:} lines are joined with line
 * breaks, a blank line ends an event, lines starting with {@code :} are comments, and the
 * {@code event:} field names the event type. Other fields ({@code id}, {@code retry}) are ignored.
 *
 * <p>An event longer than a limit (16 Mi characters by default) is a {@link BackendFailureException}.
 * Not thread-safe; abort the exchange to stop a blocked read.
 */
final class SseReader {

    /** The most characters one event may hold: as much as one line may, since no chunk of an answer comes near it. */
    static final int DEFAULT_MAX_EVENT_CHARS = LineReader.DEFAULT_MAX_LINE_BYTES;

    private final LineReader lines;
    private final int maxEventChars;

    SseReader(LineReader lines) {
        this(lines, DEFAULT_MAX_EVENT_CHARS);
    }

    SseReader(LineReader lines, int maxEventChars) {
        this.lines = lines;
        this.maxEventChars = maxEventChars;
    }

    /**
     * Blocks for the next event.
     *
     * @return the event, or {@code null} when the body ended with no event pending
     */
    Event next() {
        StringBuilder data = null;
        String type = null;
        while (true) {
            LineReader.Line line = lines.next();
            if (line == null) {
                return data == null ? null : new Event(type, data.toString(), false);
            }
            String text = line.text();
            if (text.isEmpty()) {
                if (data != null) {
                    return new Event(type, data.toString(), true);
                }
                type = null;
                continue;
            }
            if (text.startsWith(":")) {
                continue;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                if (data.length() > maxEventChars) {
                    // a server that never ends an event would otherwise fill the heap
                    throw new BackendFailureException("the server sent an event of more than " + maxEventChars
                            + " characters without ending it (no blank line); the stream is not valid server-sent events");
                }
            } else if (field.equals("event")) {
                type = value;
            }
            if (!line.terminated()) {
                // the body ended inside this line, so what it holds may be cut short
                return data == null ? null : new Event(type, data.toString(), false);
            }
        }
    }

    /**
     * One server-sent event.
     *
     * @param type     the {@code event:} field, or {@code null} for a plain message
     * @param data     the joined {@code data:} lines
     * @param complete whether a blank line closed it; {@code false} when the body ended first
     */
    record Event(String type, String data, boolean complete) {

        /** Whether this is the {@code [DONE]} sentinel that ends an OpenAI stream. */
        boolean isDone() {
            return data.strip().equals("[DONE]");
        }
    }
}
