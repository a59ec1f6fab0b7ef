package io.futurnal.llm.testserver;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A misbehaviour to inject into the next matching request (see {@link FaultInjector}). Faults that
 * act "mid-stream" count the chunks (lines) a streamed response has written; on a response that is
 * not streamed they act before the response: {@link ErrorMidStream} becomes a 500 error,
 * {@link DropMidStream}, {@link Truncate} and {@link PartialLastLine} drop the connection, and
 * {@link StallMidStream} never answers.
 */
public sealed interface Fault {

    /** Waits before sending anything at all (no status line, no headers), then answers normally. */
    record SlowFirstByte(Duration delay) implements Fault {
        /** Requires a delay. */
        public SlowFirstByte {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** Waits between every chunk of a stream, on top of the server's own token delay. */
    record SlowChunks(Duration delay) implements Fault {
        /** Requires a delay. */
        public SlowChunks {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** After {@code afterChunks} chunks, sends the protocol's error line with {@code message} and ends the stream. */
    record ErrorMidStream(int afterChunks, String message) implements Fault {
        /** Requires a message. */
        public ErrorMidStream {
            Objects.requireNonNull(message, "message");
        }
    }

    /** After {@code afterChunks} chunks, closes the connection without ending the chunked body. */
    record DropMidStream(int afterChunks) implements Fault {
    }

    /** After {@code afterChunks} chunks, ends the body cleanly but before the protocol's final chunk. */
    record Truncate(int afterChunks) implements Fault {
    }

    /** After {@code afterChunks} chunks, sends the first half of the next line, without a line break, and ends the body. */
    record PartialLastLine(int afterChunks) implements Fault {
    }

    /** After {@code afterChunks} chunks, stays silent with the connection open until the server closes. */
    record StallMidStream(int afterChunks) implements Fault {
    }

    /** Reads the request and never answers, until the server closes. */
    record NeverAnswer() implements Fault {
    }

    /** Answers with this status, content type, body and extra headers instead of the real response. */
    record Status(int status, String contentType, String body, Map<String, String> headers) implements Fault {
        /** Requires content type and body, and copies the headers. */
        public Status {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
            headers = Map.copyOf(headers);
        }
    }

    /** {@link SlowFirstByte}. */
    static Fault slowFirstByte(Duration delay) {
        return new SlowFirstByte(delay);
    }

    /** {@link SlowChunks}. */
    static Fault slowChunks(Duration delay) {
        return new SlowChunks(delay);
    }

    /** {@link ErrorMidStream}. */
    static Fault errorMidStream(int afterChunks, String message) {
        return new ErrorMidStream(afterChunks, message);
    }

    /** {@link DropMidStream}. */
    static Fault dropMidStream(int afterChunks) {
        return new DropMidStream(afterChunks);
    }

    /** {@link Truncate}. */
    static Fault truncate(int afterChunks) {
        return new Truncate(afterChunks);
    }

    /** {@link PartialLastLine}. */
    static Fault partialLastLine(int afterChunks) {
        return new PartialLastLine(afterChunks);
    }

    /** {@link StallMidStream}. */
    static Fault stallMidStream(int afterChunks) {
        return new StallMidStream(afterChunks);
    }

    /** {@link NeverAnswer}. */
    static Fault neverAnswer() {
        return new NeverAnswer();
    }

    /** A canned answer. */
    static Fault status(int status, String contentType, String body) {
        return new Status(status, contentType, body, Map.of());
    }

    /** A canned JSON answer. */
    static Fault jsonStatus(int status, String jsonBody) {
        return new Status(status, "application/json; charset=utf-8", jsonBody, Map.of());
    }

    /** A 500 page as a proxy such as nginx would send it: HTML, not JSON. */
    static Fault htmlError(int status) {
        String title = status + (status == 502 ? " Bad Gateway" : status == 503 ? " Service Temporarily Unavailable" : " Internal Server Error");
        return new Status(status, "text/html", "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>"
                + title + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", Map.of());
    }
}
