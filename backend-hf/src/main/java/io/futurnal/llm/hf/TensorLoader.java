package io.futurnal.llm.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Turns safetensors data into float32 NDArrays. F32 data is memory-mapped and used in place when
 * aligned; F16 and BF16 are widened in Java first. Tensors bigger than {@link #CHUNK_BYTES} are
 * copied in row blocks so no single Java buffer grows past that size.
 */
final class TensorLoader {

    static final long CHUNK_BYTES = 64L * 1024 * 1024;

    private TensorLoader() {
    }

    /**
     * Loads {@code info} as a float32 array owned by {@code manager}.
     *
     * @throws InvalidModelFileException for a dtype other than F32, F16, BF16, or a read failure
     */
    static NDArray load(TensorInfo info, NDManager manager) {
        return load(info, manager, CHUNK_BYTES);
    }

    /** {@link #load(TensorInfo, NDManager)} with a given block size (tests use small ones). */
    static NDArray load(TensorInfo info, NDManager manager, long chunkBytes) {
        String dtype = info.dtype();
        if (!dtype.equals("F32") && !dtype.equals("F16") && !dtype.equals("BF16")) {
            throw new InvalidModelFileException(info.file(), "tensor '" + info.name() + "' has dtype " + dtype
                    + "; this backend reads F32, F16 and BF16 weights");
        }
        Shape shape = new Shape(info.shape());
        if (info.byteLength() <= chunkBytes || info.shape().length == 0) {
            return piece(info, 0, info.byteLength(), shape, manager);
        }
        long rows = info.shape()[0];
        long rowBytes = info.byteLength() / Math.max(rows, 1);
        long rowsPerChunk = Math.max(1, chunkBytes / Math.max(rowBytes, 1));
        NDArray result = manager.create(shape, DataType.FLOAT32);
        try {
            for (long r = 0; r < rows; r += rowsPerChunk) {
                long end = Math.min(rows, r + rowsPerChunk);
                Shape part = new Shape(concat(end - r, shape.slice(1).getShape()));
                try (NDArray block = piece(info, r * rowBytes, (end - r) * rowBytes, part, manager)) {
                    result.set(new NDIndex("{}:{}", r, end), block);
                }
            }
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
        return result;
    }

    private static NDArray piece(TensorInfo info, long offset, long length, Shape shape, NDManager manager) {
        ByteBuffer mapped = map(info, offset, length);
        if (info.dtype().equals("F32")) {
            if ((info.fileOffset() + offset) % Float.BYTES == 0) {
                return manager.create(mapped, shape, DataType.FLOAT32);
            }
            ByteBuffer copy = ByteBuffer.allocateDirect((int) length).order(ByteOrder.nativeOrder());
            copy.put(mapped).flip();
            return owned(manager.create(copy, shape, DataType.FLOAT32));
        }
        ByteBuffer widened = HalfFloats.widen(mapped, info.dtype().equals("BF16"));
        return owned(manager.create(widened, shape, DataType.FLOAT32));
    }

    /** A copy in memory PyTorch owns, so the Java buffer behind {@code borrowed} can be freed. */
    private static NDArray owned(NDArray borrowed) {
        try (borrowed) {
            return borrowed.duplicate();
        }
    }

    private static ByteBuffer map(TensorInfo info, long offset, long length) {
        try (FileChannel channel = FileChannel.open(info.file(), StandardOpenOption.READ)) {
            if (channel.size() < info.fileOffset() + info.byteLength()) {
                throw new InvalidModelFileException(info.file(), "is truncated: tensor '" + info.name()
                        + "' needs bytes up to " + (info.fileOffset() + info.byteLength()) + " but the file has "
                        + channel.size());
            }
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, info.fileOffset() + offset, length);
            buffer.order(ByteOrder.LITTLE_ENDIAN);
            return buffer;
        } catch (IOException e) {
            throw new InvalidModelFileException(info.file(), "cannot read tensor '" + info.name() + "': " + e.getMessage(), e);
        }
    }

    private static long[] concat(long first, long[] rest) {
        long[] all = new long[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
