package io.futurnal.llm.hf;

import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates the header of one safetensors file: an 8-byte little-endian length, a JSON
 * object of tensors, then the data. Every tensor's byte range must lie inside the file and match
 * its shape and dtype, and the ranges must tile the data section exactly, so a truncated, padded
 * or corrupt file is rejected before any tensor is read.
 */
final class SafetensorsHeader {

    /** Headers above this size are refused as corrupt (real ones are kilobytes to a few megabytes). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
            Map.entry("F64", 8), Map.entry("F32", 4), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I64", 8), Map.entry("I32", 4), Map.entry("I16", 2), Map.entry("I8", 1),
            Map.entry("U64", 8), Map.entry("U32", 4), Map.entry("U16", 2), Map.entry("U8", 1),
            Map.entry("BOOL", 1), Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1));

    private SafetensorsHeader() {
    }

    /**
     * The tensors and metadata of {@code file}, in header order.
     *
     * @throws InvalidModelFileException when the file is missing, truncated, or its header is malformed
     */
    static TensorIndex.Shard read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new InvalidModelFileException(file, "is truncated: " + size
                        + " bytes, too short for a safetensors header");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0, file);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
                throw new InvalidModelFileException(file, "is not a safetensors file: header length "
                        + Long.toUnsignedString(headerLength) + " is out of range");
            }
            if (headerLength > size - 8) {
                throw new InvalidModelFileException(file, "is truncated: the header claims " + headerLength
                        + " bytes but the file has only " + (size - 8) + " after the length");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8, file);
            JsonObject header = JsonObject.parse(file, new String(headerBytes.array(), StandardCharsets.UTF_8));
            Map<String, TensorInfo> tensors = tensors(file, header, 8 + headerLength, size);
            return new TensorIndex.Shard(file, tensors, metadata(file, header));
        } catch (NoSuchFileException e) {
            throw new InvalidModelFileException(file, "the weights file is missing", e);
        } catch (IOException e) {
            throw new InvalidModelFileException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Bytes per element of a safetensors dtype, or -1 when the dtype is unknown (the header refuses those). */
    static int bytesPerElement(String dtype) {
        return DTYPE_BYTES.getOrDefault(dtype, -1);
    }

    /** The string entries of {@code __metadata__} (safetensors allows only strings there). */
    private static Map<String, String> metadata(Path file, JsonObject header) {
        Map<String, String> metadata = new LinkedHashMap<>();
        Optional<JsonObject> meta = header.object("__metadata__");
        if (meta.isPresent()) {
            for (Map.Entry<String, Object> e : meta.get().fields().entrySet()) {
                if (!(e.getValue() instanceof String value)) {
                    throw new InvalidModelFileException(file, "__metadata__ entry '" + e.getKey()
                            + "' is not a string, as safetensors requires");
                }
                metadata.put(e.getKey(), value);
            }
        }
        return metadata;
    }

    private static Map<String, TensorInfo> tensors(Path file, JsonObject header, long dataStart, long fileSize) {
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        long dataLength = fileSize - dataStart;
        for (String name : header.fields().keySet()) {
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonObject entry = header.object(name).orElseThrow(
                    () -> new InvalidModelFileException(file, "tensor '" + name + "' has no entry in the header"));
            String dtype = entry.string("dtype", null);
            if (dtype == null) {
                throw new InvalidModelFileException(file, "tensor '" + name + "' has no dtype in the header");
            }
            long[] shape = shape(file, name, entry.raw("shape"));
            List<?> offsets = entry.raw("data_offsets") instanceof List<?> l ? l : List.of();
            if (offsets.size() != 2 || !isOffset(offsets.get(0)) || !isOffset(offsets.get(1))) {
                throw new InvalidModelFileException(file, "tensor '" + name + "' has malformed data_offsets "
                        + entry.raw("data_offsets"));
            }
            long begin = ((Double) offsets.get(0)).longValue();
            long end = ((Double) offsets.get(1)).longValue();
            if (end < begin) {
                throw new InvalidModelFileException(file, "tensor '" + name + "' has data_offsets [" + begin + ", "
                        + end + "], which do not form a byte range");
            }
            if (end > dataLength) {
                throw new InvalidModelFileException(file, "is truncated: tensor '" + name + "' ends at data byte "
                        + end + " but the file holds only " + dataLength + " data bytes");
            }
            int elementBytes = bytesPerElement(dtype);
            if (elementBytes < 0) {
                // an unknown dtype has no element size, so its byte range could not be checked
                throw new InvalidModelFileException(file, "tensor '" + name + "' has unknown dtype '" + dtype
                        + "'; safetensors dtypes are " + String.join(", ", new java.util.TreeSet<>(DTYPE_BYTES.keySet())));
            }
            TensorInfo info = new TensorInfo(name, dtype, shape, file, dataStart + begin, end - begin);
            long needed = byteSize(info, elementBytes);
            if (needed != end - begin) {
                throw new InvalidModelFileException(file, "tensor '" + name + "' of dtype " + dtype + " and shape "
                        + info.shapeText() + " needs " + needed + " bytes but its data_offsets span " + (end - begin));
            }
            tensors.put(name, info);
        }
        checkContiguous(file, tensors, dataStart, dataLength);
        return tensors;
    }

    /** The tensors must tile the data section exactly: no gap, no overlap, nothing left over (as the format requires). */
    private static void checkContiguous(Path file, Map<String, TensorInfo> tensors, long dataStart, long dataLength) {
        List<TensorInfo> ordered = new ArrayList<>(tensors.values());
        ordered.sort(Comparator.comparingLong(TensorInfo::fileOffset).thenComparingLong(TensorInfo::byteLength));
        long expected = 0;
        String previous = null;
        for (TensorInfo t : ordered) {
            long begin = t.fileOffset() - dataStart;
            if (begin < expected) {
                throw new InvalidModelFileException(file, "tensor '" + t.name() + "' overlaps tensor '" + previous
                        + "' (data bytes " + begin + " to " + (begin + t.byteLength()) + ")");
            }
            if (begin > expected) {
                throw new InvalidModelFileException(file, "has a gap of " + (begin - expected) + " bytes before tensor '"
                        + t.name() + "'; safetensors data must be contiguous");
            }
            expected = begin + t.byteLength();
            previous = t.name();
        }
        if (expected != dataLength) {
            throw new InvalidModelFileException(file, "has " + (dataLength - expected) + " bytes after its last tensor;"
                    + " the tensors must cover the data section exactly");
        }
    }

    private static boolean isOffset(Object v) {
        return v instanceof Double d && d == Math.rint(d) && d >= 0 && d < 0x1p53;
    }

    /** Bytes of {@code info}'s elements; a count that overflows is a corrupt shape. */
    private static long byteSize(TensorInfo info, int elementBytes) {
        long elements = info.elements();
        try {
            return Math.multiplyExact(elements, elementBytes);
        } catch (ArithmeticException e) {
            throw new InvalidModelFileException(info.file(), "tensor '" + info.name() + "' has shape " + info.shapeText()
                    + ", whose byte size overflows 64 bits");
        }
    }

    private static long[] shape(Path file, String name, Object node) {
        if (!(node instanceof List<?> dims)) {
            throw new InvalidModelFileException(file, "tensor '" + name + "' has no shape in the header");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!isOffset(dims.get(i))) {
                throw new InvalidModelFileException(file, "tensor '" + name + "' has an invalid shape " + dims);
            }
            shape[i] = ((Double) dims.get(i)).longValue();
        }
        return shape;
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position, Path file) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, at);
            if (n < 0) {
                throw new InvalidModelFileException(file, "is truncated inside its header");
            }
            at += n;
        }
    }
}
