package io.futurnal.llm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.LlmException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static LineReader reader(InputStream in) {
        return new LineReader(in, e -> new BackendConnectionException("broke: " + e.getMessage(), e), 1024, "test");
    }

    /** Hands out one byte per read, as a slow network would. */
    private static InputStream trickle(byte[] bytes) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[pos++];
                return 1;
            }
        };
    }

    private static List<LineReader.Line> readAll(LineReader r) {
        List<LineReader.Line> lines = new ArrayList<>();
        for (LineReader.Line l = r.next(); l != null; l = r.next()) {
            lines.add(l);
        }
        return lines;
    }

    @Test
    void splitsLinesDropsCarriageReturnsAndKeepsEmptyLines() {
        byte[] body = "a\r\n\nb\nlast".getBytes(StandardCharsets.UTF_8);
        List<LineReader.Line> lines = readAll(reader(new ByteArrayInputStream(body)));
        assertEquals(List.of(new LineReader.Line("a", true), new LineReader.Line("", true),
                new LineReader.Line("b", true), new LineReader.Line("last", false)), lines);
    }

    @Test
    void decodesMultiByteCharactersSplitAcrossReads() {
        String text = "zażółć 🦙 gęślą\n{\"response\":\"日本\"}\n";
        LineReader r = reader(trickle(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals("zażółć 🦙 gęślą", r.next().text());
        assertEquals("{\"response\":\"日本\"}", r.next().text());
        assertNull(r.next());
        assertTrue(r.atEnd());
    }

    @Test
    void emptyBodyHasNoLines() {
        LineReader r = reader(new ByteArrayInputStream(new byte[0]));
        assertNull(r.next());
        assertTrue(r.atEnd());
    }

    @Test
    void growsItsBufferForLongLinesUpToTheLimit() {
        String longLine = "x".repeat(1000);
        LineReader r = reader(new ByteArrayInputStream((longLine + "\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals(longLine, r.next().text());
    }

    @Test
    void rejectsALineOverTheLimit() {
        byte[] body = ("y".repeat(5000) + "\n").getBytes(StandardCharsets.UTF_8);
        LineReader r = reader(new ByteArrayInputStream(body));
        BackendFailureException e = assertThrows(BackendFailureException.class, r::next);
        assertTrue(e.getMessage().contains("longer than 1024 bytes"), e.getMessage());
    }

    @Test
    void mapsReadFailuresThroughTheGivenMapper() {
        SocketException reset = new SocketException("Connection reset");
        InputStream failing = new InputStream() {
            private boolean first = true;

            @Override
            public int read() throws IOException {
                throw reset;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (first) {
                    first = false;
                    b[off] = 'a';
                    b[off + 1] = '\n';
                    return 2;
                }
                throw reset;
            }
        };
        LineReader r = reader(failing);
        assertEquals("a", r.next().text());
        LlmException e = assertThrows(BackendConnectionException.class, r::next);
        assertSame(reset, e.getCause());
        assertFalse(r.atEnd());
    }
}
