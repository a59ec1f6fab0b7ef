package io.futurnal.llm.hf;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and validates the header of one safetensors file: an 8-byte little-endian length, a JSON
 * object of tensors, then the data. Every tensor's byte range must lie inside the file and match
 * its shape and dtype, so a truncated or corrupt file is rejected before any tensor is read.
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
     * The tensors of {@code file}, in header order.
     *
     * @throws InvalidModelFileException when the file is missing, truncated, or its header is malformed
     */
    static Map<String, TensorInfo> read(Path file) {
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
            JsonNode header = JsonFiles.parseObject(file, headerBytes.array());
            return tensors(file, header, 8 + headerLength, size);
        } catch (NoSuchFileException e) {
            throw new InvalidModelFileException(file, "the weights file is missing", e);
        } catch (IOException e) {
            throw new InvalidModelFileException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Bytes per element of a safetensors dtype, or -1 when the dtype is unknown. */
    static int bytesPerElement(String dtype) {
        return DTYPE_BYTES.getOrDefault(dtype, -1);
    }

    private static Map<String, TensorInfo> tensors(Path file, JsonNode header, long dataStart, long fileSize) {
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        long dataLength = fileSize - dataStart;
        Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode entry = field.getValue();
            if (!entry.isObject() || !entry.path("dtype").isTextual()) {
                throw new InvalidModelFileException(file, "tensor '" + name + "' has no dtype in the header");
            }
            String dtype = entry.get("dtype").asText();
            long[] shape = shape(file, name, entry.path("shape"));
            JsonNode offsets = entry.path("data_offsets");
            if (!offsets.isArray() || offsets.size() != 2 || !offsets.get(0).canConvertToLong()
                    || !offsets.get(1).canConvertToLong()) {
                throw new InvalidModelFileException(file, "tensor '" + name + "' has malformed data_offsets " + offsets);
            }
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            if (begin < 0 || end < begin) {
                throw new InvalidModelFileException(file, "tensor '" + name + "' has data_offsets [" + begin + ", "
                        + end + "], which do not form a byte range");
            }
            if (end > dataLength) {
                throw new InvalidModelFileException(file, "is truncated: tensor '" + name + "' ends at data byte "
                        + end + " but the file holds only " + dataLength + " data bytes");
            }
            TensorInfo info = new TensorInfo(name, dtype, shape, file, dataStart + begin, end - begin);
            int elementBytes = bytesPerElement(dtype);
            if (elementBytes > 0 && multiplyOrMinus(info, elementBytes) != end - begin) {
                throw new InvalidModelFileException(file, "tensor '" + name + "' of dtype " + dtype + " and shape "
                        + info.shapeText() + " needs " + multiplyOrMinus(info, elementBytes) + " bytes but its data_offsets span "
                        + (end - begin));
            }
            tensors.put(name, info);
        }
        return tensors;
    }

    private static long multiplyOrMinus(TensorInfo info, int elementBytes) {
        try {
            return Math.multiplyExact(info.elements(), elementBytes);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static long[] shape(Path file, String name, JsonNode node) {
        if (!node.isArray()) {
            throw new InvalidModelFileException(file, "tensor '" + name + "' has no shape in the header");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!d.canConvertToLong() || d.asLong() < 0) {
                throw new InvalidModelFileException(file, "tensor '" + name + "' has an invalid shape " + node);
            }
            shape[i] = d.asLong();
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
