package io.futurnal.llm.synthetic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** Writes tensors row by row through one reusable buffer, so memory stays at a few megabytes. */
final class TensorStreamer {

    private static final int BUFFER_BYTES = 4 << 20;

    private final FileChannel channel;
    private final WeightValues values;
    private final ByteBuffer buffer;

    TensorStreamer(FileChannel channel, WeightValues values) {
        this.channel = channel;
        this.values = values;
        this.buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Appends the tensor's data in {@code type}, rows in GGUF order when {@code ggufRows} (q/k rows
     * interleaved for llama.cpp's rotary layout), else in Hugging Face order.
     */
    void write(SyntheticTensor t, WeightType type, boolean ggufRows) throws IOException {
        byte[] k = new byte[(int) t.cols()];
        float step = WeightValues.step(t);
        long rowBytes = type.bytes(t.cols());
        if (rowBytes > BUFFER_BYTES) {
            throw new IllegalArgumentException("a row of " + t.hfName() + " is larger than the write buffer");
        }
        for (long row = 0; row < t.rows(); row++) {
            values.row(t, ggufRows ? t.hfRowOf(row) : row, k);
            if (buffer.remaining() < rowBytes) {
                flush();
            }
            type.encode(k, step, t.norm(), buffer);
        }
    }

    /** Appends raw bytes (headers, padding, small F32 tables). */
    void write(ByteBuffer bytes) throws IOException {
        flush();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }
}
