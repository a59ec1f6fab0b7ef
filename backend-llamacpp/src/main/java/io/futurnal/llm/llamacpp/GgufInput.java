package io.futurnal.llm.llamacpp;

import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Little-endian reads from a GGUF file through a small buffer, never past the end of the file.
 * Running out of bytes raises an {@link InvalidModelFileException} that says what was being read.
 */
final class GgufInput {

    private static final int BUFFER_SIZE = 1 << 16;

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private long bufferStart;
    /** What is being read, for error messages. */
    private String context = "the header";
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    GgufInput(Path path, FileChannel channel, long fileSize) {
        this.path = path;
        this.channel = channel;
        this.fileSize = fileSize;
        buffer.limit(0);
    }

    void context(String what) {
        this.context = what;
    }

    long position() {
        return bufferStart + buffer.position();
    }

    long remaining() {
        return fileSize - position();
    }

    int u8() throws IOException {
        fill(1);
        return buffer.get() & 0xFF;
    }

    int u16() throws IOException {
        fill(2);
        return buffer.getShort() & 0xFFFF;
    }

    long u32() throws IOException {
        fill(4);
        return buffer.getInt() & 0xFFFF_FFFFL;
    }

    int i32() throws IOException {
        fill(4);
        return buffer.getInt();
    }

    /** An unsigned 64-bit value; values above {@link Long#MAX_VALUE} come back negative. */
    long u64() throws IOException {
        fill(8);
        return buffer.getLong();
    }

    double f32() throws IOException {
        fill(4);
        return buffer.getFloat();
    }

    double f64() throws IOException {
        fill(8);
        return buffer.getDouble();
    }

    /** A GGUF string: a 64-bit length and that many UTF-8 bytes, at most {@code maxLength}. */
    String string(long maxLength) throws IOException {
        byte[] bytes = bytes(maxLength);
        try {
            return utf8(bytes);
        } catch (CharacterCodingException e) {
            throw invalid(context + " is a string of " + bytes.length + " bytes that are not valid UTF-8");
        }
    }

    /**
     * {@code bytes} decoded as UTF-8, strictly: GGUF strings are UTF-8, and a lenient decode would
     * hand llama.cpp and the user replacement characters.
     */
    String utf8(byte[] bytes) throws CharacterCodingException {
        return utf8.decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** The raw bytes of a GGUF string, at most {@code maxLength}, for checks that must see invalid UTF-8. */
    byte[] bytes(long maxLength) throws IOException {
        long length = stringLength(maxLength);
        byte[] bytes = new byte[(int) length];
        int done = 0;
        while (done < bytes.length) {
            fill(1);
            int n = Math.min(buffer.remaining(), bytes.length - done);
            buffer.get(bytes, done, n);
            done += n;
        }
        return bytes;
    }

    /** Skips a GGUF string, checking its length against the bytes left. */
    void skipString() throws IOException {
        skip(stringLength(Long.MAX_VALUE));
    }

    void skip(long n) throws IOException {
        if (n > remaining()) {
            throw truncated();
        }
        long target = position() + n;
        if (target <= bufferStart + buffer.limit()) {
            buffer.position((int) (target - bufferStart));
        } else {
            bufferStart = target;
            buffer.limit(0);
        }
    }

    InvalidModelFileException invalid(String problem) {
        return new InvalidModelFileException(path, problem);
    }

    InvalidModelFileException truncated() {
        return invalid("the file is truncated: it ends at byte " + fileSize + " while reading " + context);
    }

    private long stringLength(long maxLength) throws IOException {
        long length = u64();
        if (length < 0 || length > remaining()) {
            if (length >= 0 && length <= maxLength) {
                throw truncated();
            }
            throw invalid("a string length of " + Long.toUnsignedString(length) + " bytes in " + context
                    + " is impossible for a file of " + fileSize + " bytes; the file is corrupt");
        }
        if (length > maxLength) {
            throw invalid("a string of " + length + " bytes in " + context + " exceeds the limit of " + maxLength
                    + "; the file is corrupt");
        }
        return length;
    }

    private void fill(int n) throws IOException {
        if (buffer.remaining() >= n) {
            return;
        }
        if (remaining() < n) {
            throw truncated();
        }
        bufferStart += buffer.position();
        buffer.compact();
        channel.position(bufferStart + buffer.position());
        while (buffer.position() < n) {
            if (channel.read(buffer) < 0) {
                buffer.flip();
                throw truncated();
            }
        }
        buffer.flip();
    }
}
