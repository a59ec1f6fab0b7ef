package io.futurnal.llm.hf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Reads and writes safetensors files in tests: copies in other dtypes, shards, damaged files. */
final class SafetensorsTestFiles {

    /** One tensor's dtype, shape and raw little-endian bytes. */
    record Tensor(String dtype, long[] shape, byte[] data) {
    }

    private SafetensorsTestFiles() {
    }

    /** Every tensor of a safetensors file, in header order. */
    static Map<String, Tensor> read(Path file) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (TensorInfo info : SafetensorsHeader.read(file).tensors()) {
                ByteBuffer data = ByteBuffer.allocate((int) info.byteLength());
                channel.read(data, info.fileOffset());
                out.put(info.name(), new Tensor(info.dtype(), info.shape(), data.array()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Writes {@code tensors} as a safetensors file, the header padded to 8 bytes as the reference writer does. */
    static void write(Path file, Map<String, Tensor> tensors) {
        write(file, tensors, Map.of());
    }

    /** {@link #write(Path, Map)} with these {@code __metadata__} entries besides {@code "format": "pt"}. */
    static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JsonFiles.MAPPER.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__").put("format", "pt");
        metadata.forEach(meta::put);
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", e.getValue().dtype());
            ArrayNode shape = entry.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + e.getValue().data().length);
            offset += e.getValue().data().length;
        }
        StringBuilder json = new StringBuilder(header.toString());
        while ((json.length() + 8) % 8 != 0) {
            json.append(' ');
        }
        byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            out.write(headerBytes);
            for (Tensor t : tensors.values()) {
                out.write(t.data());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The F32 tensor with each value passed through {@code round}. */
    static Tensor mapF32(Tensor t, UnaryOperator<Float> round) {
        ByteBuffer in = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(t.data().length).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            out.putFloat(round.apply(in.getFloat()));
        }
        return new Tensor("F32", t.shape(), out.array());
    }

    /** The F32 tensor stored as BF16 (round to nearest even). */
    static Tensor toBf16(Tensor t) {
        ByteBuffer in = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(t.data().length / 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            out.putShort(HalfFloats.floatToBf16(in.getFloat()));
        }
        return new Tensor("BF16", t.shape(), out.array());
    }

    /** The F32 tensor stored as IEEE half precision. */
    static Tensor toF16(Tensor t) {
        ByteBuffer in = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(t.data().length / 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            out.putShort(floatToF16(in.getFloat()));
        }
        return new Tensor("F16", t.shape(), out.array());
    }

    /** IEEE half bits nearest to {@code value} for normal-range values (enough for model weights). */
    static short floatToF16(float value) {
        int bits = Float.floatToIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        float abs = Math.abs(value);
        if (abs < 0x1p-14f) {
            // subnormal half: a multiple of 2^-24
            return (short) (sign | Math.round(abs * 0x1p24f));
        }
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        int mantissa = bits & 0x7fffff;
        int rounded = (exponent << 10) + (mantissa >>> 13);
        int remainder = mantissa & 0x1fff;
        if (remainder > 0x1000 || (remainder == 0x1000 && (rounded & 1) == 1)) {
            rounded++;
        }
        if (exponent >= 31) {
            rounded = 0x7c00;
        }
        return (short) (sign | rounded);
    }
}
