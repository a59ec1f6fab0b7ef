package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.http.LineReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static SseReader reader(String body) {
        return new SseReader(new LineReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                e -> new BackendConnectionException("io", e), 1 << 16, "test"));
    }

    @Test
    void splitsEventsOnBlankLinesAndSkipsComments() {
        SseReader r = reader(": keep-alive\n\ndata: {\"a\":1}\n\ndata:{\"b\":2}\r\n\r\ndata: [DONE]\n\n");
        assertEquals("{\"a\":1}", r.next().data());
        SseReader.Event second = r.next();
        assertEquals("{\"b\":2}", second.data());
        assertTrue(second.complete());
        SseReader.Event done = r.next();
        assertTrue(done.isDone());
        assertNull(r.next());
    }

    @Test
    void joinsMultiLineDataAndReadsTheEventType() {
        SseReader r = reader("event: error\ndata: line one\ndata: line two\nid: 7\n\n");
        SseReader.Event e = r.next();
        assertEquals("error", e.type());
        assertEquals("line one\nline two", e.data());
    }

    @Test
    void anEventCutByTheEndOfTheBodyIsIncomplete() {
        SseReader.Event cut = reader("data: {\"choices\":[{\"te").next();
        assertFalse(cut.complete());
        SseReader.Event unclosed = reader("data: {\"a\":1}\n").next();
        assertFalse(unclosed.complete());
        assertNull(reader("").next());
        assertTrue(reader("data: [DONE]").next().isDone());
    }

    @Test
    void anEventThatNeverEndsIsRefusedAtTheCapInsteadOfFillingTheHeap() {
        byte[] line = ("data: " + "x".repeat(1000) + "\n").getBytes(StandardCharsets.UTF_8);
        java.io.InputStream endless = new java.io.InputStream() {
            private long position;

            @Override
            public int read() {
                return line[(int) (position++ % line.length)];
            }
        };
        SseReader r = new SseReader(new LineReader(endless, e -> new BackendConnectionException("io", e), 1 << 16, "test"), 100_000);
        BackendFailureException e = assertThrows(BackendFailureException.class, r::next);
        assertTrue(e.getMessage().contains("more than 100000 characters"), e.getMessage());
    }
}
