package io.futurnal.llm.synthetic;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds a GGUF header (preamble, metadata, tensor table) in memory, little-endian. */
final class GgufOut {

    static final int UINT32 = 4;
    static final int INT32 = 5;
    static final int FLOAT32 = 6;
    static final int BOOL = 7;
    static final int STRING = 8;
    static final int ARRAY = 9;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
    private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    private long entries;

    long entries() {
        return entries;
    }

    GgufOut string(String key, String value) {
        entry(key, STRING);
        str(value);
        return this;
    }

    GgufOut u32(String key, long value) {
        entry(key, UINT32);
        u32(value);
        return this;
    }

    GgufOut f32(String key, double value) {
        entry(key, FLOAT32);
        u32(Float.floatToRawIntBits((float) value));
        return this;
    }

    GgufOut bool(String key, boolean value) {
        entry(key, BOOL);
        out.write(value ? 1 : 0);
        return this;
    }

    GgufOut strings(String key, List<String> values) {
        entry(key, ARRAY);
        u32(STRING);
        u64(values.size());
        values.forEach(this::str);
        return this;
    }

    GgufOut int32s(String key, int[] values) {
        entry(key, ARRAY);
        u32(INT32);
        u64(values.length);
        for (int v : values) {
            u32(v);
        }
        return this;
    }

    /** One tensor-table entry. */
    void tensorInfo(String name, long[] dims, int ggmlType, long offset) {
        str(name);
        u32(dims.length);
        for (long d : dims) {
            u64(d);
        }
        u32(ggmlType);
        u64(offset);
    }

    private void entry(String key, int type) {
        str(key);
        u32(type);
        entries++;
    }

    void str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u64(b.length);
        out.writeBytes(b);
    }

    void u32(long v) {
        scratch.clear();
        scratch.putInt((int) v);
        out.write(scratch.array(), 0, 4);
    }

    void u64(long v) {
        scratch.clear();
        scratch.putLong(v);
        out.write(scratch.array(), 0, 8);
    }

    void bytes(byte[] b) {
        out.writeBytes(b);
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
