package io.futurnal.llm.llamacpp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes small GGUF files (with zeroed tensor data) so tests can shape every corner of the format. */
final class GgufWriter {

    private final ByteArrayOutputStream kv = new ByteArrayOutputStream();
    private final List<byte[]> tensors = new ArrayList<>();
    private int kvCount;
    private long dataSize;
    private int version = 3;
    private long alignment = 32;

    GgufWriter version(int v) {
        this.version = v;
        return this;
    }

    GgufWriter string(String key, String value) {
        key(key);
        u32(kv, 8);
        str(kv, value);
        kvCount++;
        return this;
    }

    GgufWriter u32(String key, long value) {
        key(key);
        u32(kv, 4);
        u32(kv, value);
        kvCount++;
        if (key.equals("general.alignment")) {
            alignment = value;
        }
        return this;
    }

    GgufWriter u64(String key, long value) {
        return raw(key, 10, le(8).putLong(value).array());
    }

    GgufWriter i32(String key, int value) {
        return raw(key, 5, le(4).putInt(value).array());
    }

    GgufWriter f32(String key, float value) {
        return raw(key, 6, le(4).putFloat(value).array());
    }

    /** An array of strings. */
    GgufWriter strings(String key, String... values) {
        byte[][] raw = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            raw[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        return stringBytes(key, raw);
    }

    /** An array of strings given as raw bytes, so a test can store invalid UTF-8. */
    GgufWriter stringBytes(String key, byte[]... values) {
        ByteArrayOutputStream array = arrayHeader(8, values.length);
        for (byte[] v : values) {
            u64(array, v.length);
            array.writeBytes(v);
        }
        return raw(key, 9, array.toByteArray());
    }

    /** An array of int32. */
    GgufWriter i32s(String key, int... values) {
        ByteArrayOutputStream array = arrayHeader(5, values.length);
        for (int v : values) {
            u32(array, v);
        }
        return raw(key, 9, array.toByteArray());
    }

    /** An array of float32. */
    GgufWriter f32s(String key, float... values) {
        ByteArrayOutputStream array = arrayHeader(6, values.length);
        for (float v : values) {
            array.writeBytes(le(4).putFloat(v).array());
        }
        return raw(key, 9, array.toByteArray());
    }

    GgufWriter raw(String key, int type, byte[] valueBytes) {
        key(key);
        u32(kv, type);
        kv.writeBytes(valueBytes);
        kvCount++;
        return this;
    }

    /** A tensor of ggml type {@code type} with the given dimensions, placed after the previous one. */
    GgufWriter tensor(String name, GgmlType type, long... dims) {
        long elements = 1;
        for (long d : dims) {
            elements *= d;
        }
        long bytes = elements / type.blockSize * type.typeSize;
        return tensorAt(name, type.id, dataSize, bytes, dims);
    }

    /** A tensor entry with an explicit type id and offset, for malformed tables. */
    GgufWriter tensorAt(String name, long typeId, long offset, long bytes, long... dims) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        str(t, name);
        u32(t, dims.length);
        for (long d : dims) {
            u64(t, d);
        }
        u32(t, typeId);
        u64(t, offset);
        tensors.add(t.toByteArray());
        dataSize = Math.max(dataSize, align(offset + bytes));
        return this;
    }

    /** The whole file: header, tensor table, padding and zeroed data. */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        u32(out, version);
        u64(out, tensors.size());
        u64(out, kvCount);
        out.writeBytes(kv.toByteArray());
        tensors.forEach(out::writeBytes);
        while (out.size() % alignment != 0) {
            out.write(0);
        }
        out.writeBytes(new byte[(int) dataSize]);
        return out.toByteArray();
    }

    Path writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes());
    }

    /** A minimal sound model header: architecture, context and one F32 tensor. */
    static GgufWriter minimal() {
        return new GgufWriter().string("general.architecture", "llama").u32("llama.context_length", 256)
                .tensor("token_embd.weight", GgmlType.F32, 8, 4);
    }

    /**
     * {@link #minimal()} with a sound four-token SentencePiece vocabulary matching the vocabulary
     * dimension of its {@code token_embd.weight} (8 x 4), and sound hyper-parameters.
     */
    static GgufWriter withVocabulary() {
        return minimal().u32("llama.block_count", 1).u32("llama.embedding_length", 8)
                .u32("llama.attention.head_count", 4).u32("llama.attention.head_count_kv", 2)
                .f32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .string("tokenizer.ggml.model", "llama")
                .strings("tokenizer.ggml.tokens", "<unk>", "<s>", "</s>", "hello")
                .f32s("tokenizer.ggml.scores", 0f, 0f, 0f, -1f)
                .i32s("tokenizer.ggml.token_type", 2, 3, 3, 1)
                .u32("tokenizer.ggml.bos_token_id", 1).u32("tokenizer.ggml.eos_token_id", 2);
    }

    /**
     * A copy of the GGUF file {@code source} with one more string metadata entry, keeping its
     * tensors: the entry goes after the existing metadata and the tensor data moves to the next
     * aligned position (offsets are relative to the data, so they stay valid).
     */
    static Path withString(Path source, String key, String value, Path target) throws IOException {
        byte[] in = Files.readAllBytes(source);
        ByteBuffer b = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
        long tensors = b.getLong(8);
        long kvs = b.getLong(16);
        b.position(24);
        for (long i = 0; i < kvs; i++) {
            skip(b, b.getLong());
            skipValue(b, b.getInt());
        }
        int metadataEnd = b.position();
        for (long i = 0; i < tensors; i++) {
            skip(b, b.getLong());
            int dims = b.getInt();
            b.position(b.position() + dims * 8 + 4 + 8);
        }
        int tableEnd = b.position();
        int dataStart = (tableEnd + 31) / 32 * 32;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, 16);
        u64(out, kvs + 1);
        out.write(in, 24, metadataEnd - 24);
        str(out, key);
        u32(out, 8);
        str(out, value);
        out.write(in, metadataEnd, tableEnd - metadataEnd);
        while (out.size() % 32 != 0) {
            out.write(0);
        }
        out.write(in, dataStart, in.length - dataStart);
        Files.createDirectories(target.getParent());
        return Files.write(target, out.toByteArray());
    }

    private static void skip(ByteBuffer b, long n) {
        b.position(b.position() + (int) n);
    }

    private static void skipValue(ByteBuffer b, int type) {
        int[] sizes = {1, 1, 2, 2, 4, 4, 4, 1, -1, -1, 8, 8, 8};
        if (type == 8) {
            skip(b, b.getLong());
        } else if (type == 9) {
            int element = b.getInt();
            long n = b.getLong();
            for (long i = 0; i < n; i++) {
                skipValue(b, element);
            }
        } else {
            b.position(b.position() + sizes[type]);
        }
    }

    private static ByteArrayOutputStream arrayHeader(int elementType, long length) {
        ByteArrayOutputStream array = new ByteArrayOutputStream();
        u32(array, elementType);
        u64(array, length);
        return array;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void key(String key) {
        str(kv, key);
    }

    private long align(long v) {
        return (v + alignment - 1) / alignment * alignment;
    }

    static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u64(out, b.length);
        out.writeBytes(b);
    }

    static void u32(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    }

    static void u64(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }
}
