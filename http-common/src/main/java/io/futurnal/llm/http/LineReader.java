package io.futurnal.llm.http;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.LlmException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Reads a response body line by line as it arrives, for NDJSON and server-sent events. Lines end
 * at {@code \n} (a preceding {@code \r} is dropped) and are decoded as UTF-8 only once whole, so a
 * character split across network packets is never garbled. The final line is returned even when
 * it has no line break, flagged as {@linkplain Line#terminated() unterminated} so that the caller
 * can tell a clean end from a cut one.
 *
 * <p>Not thread-safe; to stop a blocked read from another thread, abort the {@link Exchange}.
 */
public final class LineReader {

    /** The default longest line: 16 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 << 20;

    private final InputStream in;
    private final Function<IOException, LlmException> failures;
    private final int maxLineBytes;
    private final String source;
    private byte[] buffer = new byte[8192];
    private int start;
    private int end;
    private boolean eof;

    /**
     * @param in           the body
     * @param failures     turns an I/O failure into the exception to throw
     * @param maxLineBytes the longest line accepted
     * @param source       what is being read, for messages (a URL)
     */
    public LineReader(InputStream in, Function<IOException, LlmException> failures, int maxLineBytes, String source) {
        this.in = in;
        this.failures = failures;
        this.maxLineBytes = maxLineBytes;
        this.source = source;
    }

    /**
     * Blocks until a whole line (or the end) has arrived.
     *
     * @return the next line, or {@code null} at the end of the body
     * @throws LlmException from the failure mapper when reading fails, or a
     *                      {@link BackendFailureException} when a line exceeds the limit
     */
    public Line next() {
        int scanned = 0; // bytes after start already known to hold no line break
        while (true) {
            for (int i = start + scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    if (i - start > maxLineBytes) {
                        throw tooLong();
                    }
                    int lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    String text = new String(buffer, start, lineEnd - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    return new Line(text, true);
                }
            }
            scanned = end - start;
            if (scanned > maxLineBytes) {
                throw tooLong();
            }
            if (eof) {
                if (start == end) {
                    return null;
                }
                String text = new String(buffer, start, end - start, StandardCharsets.UTF_8);
                start = end;
                return new Line(text, false);
            }
            fill();
        }
    }

    /** Whether the whole body has been read. */
    public boolean atEnd() {
        return eof && start == end;
    }

    private void fill() {
        if (start > 0) {
            int pendingBytes = end - start;
            System.arraycopy(buffer, start, buffer, 0, pendingBytes);
            end = pendingBytes;
            start = 0;
        }
        if (end == buffer.length) {
            if (buffer.length > maxLineBytes) {
                throw tooLong();
            }
            buffer = Arrays.copyOf(buffer, Math.min(maxLineBytes + 1, buffer.length * 2));
        }
        int n;
        try {
            n = in.read(buffer, end, buffer.length - end);
        } catch (IOException e) {
            throw failures.apply(e);
        }
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    private BackendFailureException tooLong() {
        return new BackendFailureException(source + " sent a line longer than " + maxLineBytes
                + " bytes; the stream is not what was expected");
    }

    /**
     * One line of a body.
     *
     * @param text       the line without its line break
     * @param terminated whether a line break ended it; only the last line of a body can lack one
     */
    public record Line(String text, boolean terminated) {
    }
}
