package io.futurnal.llm.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns safetensors data into NDArrays of the compute dtype. When the stored dtype is the compute
 * dtype and the data is aligned, the array is the memory-mapped file itself: DJL's
 * {@code PtNDManager.create} on a direct buffer wraps it with {@code torch::from_blob}, sharing the
 * bytes, so the weights stay file-backed pages and cost no process memory of their own. BF16 data
 * computed in float16 is mapped from a {@link Float16Copies} file. Anything else (another dtype,
 * unaligned data, tensors past 2 GiB) is converted in row blocks through one reused scratch buffer
 * into an array PyTorch owns. Mapped arrays are read-only: nothing may write into a weight.
 * Not thread-safe; one per model load.
 */
final class TensorLoader {

    static final int SCRATCH_BYTES = 16 << 20;

    private final DataType target;
    private final Float16Copies copies;
    private final Map<Path, TensorIndex.Shard> shards;
    private final Map<Path, Path> float16Files = new HashMap<>();
    private final int scratchBytes;
    private ByteBuffer scratch;
    private long mappedBytes;
    private long copiedBytes;

    /**
     * @param target the compute dtype, {@link DataType#FLOAT32} or {@link DataType#FLOAT16}
     * @param copies where BF16 files get their float16 copies (used only for BF16 data in float16)
     * @param index  the model's tensors, whose shards the float16 copies mirror
     */
    TensorLoader(DataType target, Float16Copies copies, TensorIndex index) {
        this(target, copies, index, SCRATCH_BYTES);
    }

    /** With a given scratch size (tests use small ones to exercise the block copies). */
    TensorLoader(DataType target, Float16Copies copies, TensorIndex index, int scratchBytes) {
        if (target != DataType.FLOAT32 && target != DataType.FLOAT16) {
            throw new IllegalArgumentException("compute dtype " + target);
        }
        this.target = target;
        this.copies = copies;
        this.shards = index.shards();
        this.scratchBytes = scratchBytes;
    }

    /** The bytes of a tensor of {@code elements} in {@code target}. */
    static long bytes(long elements, DataType target) {
        return Math.multiplyExact(elements, target.getNumOfBytes());
    }

    /** Bytes of weights used straight from mapped files so far. */
    long mappedBytes() {
        return mappedBytes;
    }

    /** Bytes of weights converted into PyTorch-owned memory so far. */
    long copiedBytes() {
        return copiedBytes;
    }

    /**
     * Loads {@code info} as an array of the compute dtype owned by {@code manager}.
     *
     * @throws InvalidModelFileException for a dtype other than F32, F16, BF16, or a read failure
     * @throws ConfigurationException    when a value does not fit float16
     */
    NDArray load(TensorInfo info, NDManager manager) {
        String dtype = info.dtype();
        if (!dtype.equals("F32") && !dtype.equals("F16") && !dtype.equals("BF16")) {
            throw new InvalidModelFileException(info.file(), "tensor '" + info.name() + "' has dtype " + dtype
                    + "; this backend reads F32, F16 and BF16 weights");
        }
        TensorInfo source = dtype.equals("BF16") && target == DataType.FLOAT16 ? float16Copy(info) : info;
        int elementBytes = SafetensorsHeader.bytesPerElement(source.dtype());
        boolean sameType = source.dtype().equals(target == DataType.FLOAT32 ? "F32" : "F16");
        boolean mappable = source.fileOffset() % elementBytes == 0 && source.byteLength() <= Integer.MAX_VALUE
                && source.byteLength() > 0;
        Shape shape = new Shape(info.shape());
        if (sameType && mappable) {
            mappedBytes += source.byteLength();
            return manager.create(map(source, 0, source.byteLength()), shape, target);
        }
        copiedBytes += bytes(info.elements(), target);
        if (mappable && source.dtype().equals("F16")) {
            // widening never overflows, so PyTorch converts the mapped half floats directly
            try (NDArray mapped = manager.create(map(source, 0, source.byteLength()), shape, DataType.FLOAT16)) {
                return mapped.toType(target, true);
            }
        }
        return copyInBlocks(source, shape, manager);
    }

    private NDArray copyInBlocks(TensorInfo info, Shape shape, NDManager manager) {
        long rows = info.shape().length == 0 ? 1 : info.shape()[0];
        long rowElements = rows == 0 ? 0 : info.elements() / rows;
        int inBytes = SafetensorsHeader.bytesPerElement(info.dtype());
        int outBytes = target.getNumOfBytes();
        long rowsPerBlock = Math.max(1, scratchBytes / Math.max(1, rowElements * outBytes));
        NDArray result = manager.create(shape, target);
        try {
            for (long r = 0; r < rows; r += rowsPerBlock) {
                long end = Math.min(rows, r + rowsPerBlock);
                long elements = (end - r) * rowElements;
                ByteBuffer in = map(info, r * rowElements * inBytes, elements * inBytes);
                ByteBuffer out = scratch(Math.toIntExact(elements * outBytes));
                convert(info, in, out, elements);
                long[] partShape = info.shape().length == 0 ? new long[0] : info.shape().clone();
                if (partShape.length > 0) {
                    partShape[0] = end - r;
                }
                try (NDArray block = manager.create(out, new Shape(partShape), target)) {
                    if (partShape.length == 0) {
                        result.set(new NDIndex(), block);
                    } else {
                        result.set(new NDIndex("{}:{}", r, end), block);
                    }
                }
            }
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
        return result;
    }

    private void convert(TensorInfo info, ByteBuffer in, ByteBuffer out, long elements) {
        String dtype = info.dtype();
        for (int i = 0; i < elements; i++) {
            float v = switch (dtype) {
                case "F32" -> in.getFloat(4 * i);
                case "F16" -> HalfFloats.f16ToFloat(in.getShort(2 * i));
                default -> HalfFloats.bf16ToFloat(in.getShort(2 * i));
            };
            if (target == DataType.FLOAT32) {
                out.putFloat(4 * i, v);
            } else {
                short half = HalfFloats.floatToF16(v);
                if ((half & 0x7fff) == 0x7c00 && !Float.isInfinite(v)) {
                    throw beyondFloat16(info);
                }
                out.putShort(2 * i, half);
            }
        }
    }

    private ByteBuffer scratch(int bytes) {
        if (scratch == null || scratch.capacity() < bytes) {
            scratch = ByteBuffer.allocateDirect(Math.max(bytes, Math.min(scratchBytes, bytes * 2))).order(ByteOrder.nativeOrder());
        }
        ByteBuffer view = scratch.duplicate().order(ByteOrder.nativeOrder());
        view.clear().limit(bytes);
        return view.slice().order(ByteOrder.nativeOrder());
    }

    private TensorInfo float16Copy(TensorInfo info) {
        Path copy = float16Files.computeIfAbsent(info.file(),
                file -> copies.copyOf(file, shards.get(file).tensors()));
        return new TensorInfo(info.name(), "F16", info.shape(), copy, info.fileOffset(), info.byteLength());
    }

    private static ConfigurationException beyondFloat16(TensorInfo info) {
        return new ConfigurationException("tensor '" + info.name() + "' of " + info.file() + " holds values beyond"
                + " float16's range (65504); set FUTURNAL_HF_DTYPE=float32 (more memory) or use the llamacpp backend");
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
}
