package io.futurnal.llm.testserver;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes the answer to one request of a {@link FakeHttpServer}, applying the request's
 * {@link Fault}, if it has one. A route calls exactly one of its answering methods.
 */
public final class Responder {

    /** Thrown to make the JDK server drop the connection without ending the response. */
    static final class DropConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DropConnection() {
            super("connection dropped on purpose", null, false, false);
        }
    }

    private final FakeHttpServer server;
    private final HttpExchange exchange;
    private final RecordedRequest request;
    private final Fault fault;
    private boolean answered;

    Responder(FakeHttpServer server, HttpExchange exchange, RecordedRequest request, Fault fault) {
        this.server = server;
        this.exchange = exchange;
        this.request = request;
        this.fault = fault;
    }

    /** The request being answered. */
    public RecordedRequest request() {
        return request;
    }

    /** Whether an answer has started. */
    public boolean answered() {
        return answered;
    }

    /**
     * Answers with a whole JSON body written the way Go's {@code c.JSON} writes it: {@code
     * application/json; charset=utf-8}, a {@code Content-Length}, no trailing line break. A
     * mid-stream fault acts first (see {@link Fault}).
     */
    public void json(int status, String jsonBody) throws IOException {
        if (!applyFaultToWholeAnswer()) {
            return;
        }
        whole(status, "application/json; charset=utf-8", jsonBody, Map.of());
    }

    /** Answers with a whole text body of the given type. */
    public void text(int status, String contentType, String body) throws IOException {
        if (!applyFaultToWholeAnswer()) {
            return;
        }
        whole(status, contentType, body, Map.of());
    }

    /** Answers with a status and no body at all (as to {@code HEAD}, or an empty 200). */
    public void empty(int status, String contentType) throws IOException {
        if (!applyFaultToWholeAnswer()) {
            return;
        }
        answered = true;
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, -1);
    }

    /**
     * Streams {@code lines} with chunked encoding, each followed by {@code \n} and flushed at once,
     * waiting the server's chunk delay before each. Mid-stream faults act here. When the client
     * goes away the stream stops and the request is marked {@linkplain RecordedRequest#clientGone()
     * client gone}.
     *
     * @param contentType e.g. {@code application/x-ndjson}
     * @param lines       the chunks, without line breaks
     */
    public void stream(String contentType, Iterator<String> lines) throws IOException {
        answered = true;
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        int written = 0;
        try {
            while (lines.hasNext()) {
                String line = lines.next();
                if (actMidStream(out, written, line)) {
                    return;
                }
                if (!server.pause(server.chunkDelay()) || !server.pause(slowChunkDelay())) {
                    throw new DropConnection();
                }
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                written++;
                request.chunkWritten();
            }
            actMidStream(out, written, null);
        } catch (IOException e) {
            request.markClientGone();
            throw e;
        }
    }

    void raw(Fault.Status status) throws IOException {
        whole(status.status(), status.contentType(), status.body(), status.headers());
    }

    /** Returns true when the mid-stream fault ended the stream at this point. */
    private boolean actMidStream(OutputStream out, int written, String nextLine) throws IOException {
        if (fault instanceof Fault.ErrorMidStream f && f.afterChunks() == written) {
            out.write((server.streamErrorLine(f.message()) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        }
        if (fault instanceof Fault.DropMidStream f && f.afterChunks() == written) {
            out.flush();
            throw new DropConnection();
        }
        if (fault instanceof Fault.Truncate f && f.afterChunks() == written) {
            return true;
        }
        if (fault instanceof Fault.PartialLastLine f && f.afterChunks() == written) {
            String cut = nextLine == null ? "{\"done\":tr" : nextLine.substring(0, Math.max(1, nextLine.length() / 2));
            out.write(cut.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        }
        if (fault instanceof Fault.StallMidStream f && f.afterChunks() == written) {
            out.flush();
            server.pause(Duration.ofDays(1));
            throw new DropConnection();
        }
        return false;
    }

    /** Applies a mid-stream fault to an answer that is not streamed; false when the fault replaced the answer. */
    private boolean applyFaultToWholeAnswer() throws IOException {
        if (fault instanceof Fault.ErrorMidStream f) {
            whole(500, "application/json; charset=utf-8", server.errorJson(f.message()), Map.of());
            return false;
        }
        if (fault instanceof Fault.DropMidStream || fault instanceof Fault.Truncate || fault instanceof Fault.PartialLastLine) {
            throw new DropConnection();
        }
        if (fault instanceof Fault.StallMidStream) {
            server.pause(Duration.ofDays(1));
            throw new DropConnection();
        }
        return true;
    }

    private Duration slowChunkDelay() {
        return fault instanceof Fault.SlowChunks s ? s.delay() : Duration.ZERO;
    }

    private void whole(int status, String contentType, String body, Map<String, String> headers) throws IOException {
        answered = true;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException e) {
                request.markClientGone();
                throw e;
            }
        }
    }
}
