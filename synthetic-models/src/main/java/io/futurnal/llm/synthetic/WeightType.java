package io.futurnal.llm.synthetic;

import java.nio.ByteBuffer;
import java.util.Locale;

/** How a synthetic model stores its weights. Safetensors takes F32, F16 and BF16; GGUF also Q8_0. */
public enum WeightType {
    /** IEEE single precision. */
    F32("F32", 0, 0, 1, 4),
    /** IEEE half precision. */
    F16("F16", 1, 1, 1, 2),
    /** bfloat16, the dtype Llama checkpoints are published in. */
    BF16("BF16", 30, 32, 1, 2),
    /** ggml's 8-bit blocks: 32 signed bytes sharing one F16 scale. */
    Q8_0(null, 8, 7, 32, 34);

    private final String safetensorsDtype;
    private final int ggmlType;
    private final int ggufFileType;
    private final int blockValues;
    private final int blockBytes;

    WeightType(String safetensorsDtype, int ggmlType, int ggufFileType, int blockValues, int blockBytes) {
        this.safetensorsDtype = safetensorsDtype;
        this.ggmlType = ggmlType;
        this.ggufFileType = ggufFileType;
        this.blockValues = blockValues;
        this.blockBytes = blockBytes;
    }

    /**
     * The type of this name, ignoring case.
     *
     * @throws IllegalArgumentException listing the names when none matches
     */
    public static WeightType parse(String name) {
        for (WeightType t : values()) {
            if (t.name().equalsIgnoreCase(name.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown weight type '" + name + "'; use one of f32, f16, bf16, q8_0");
    }

    /** Whether safetensors can hold this type. */
    public boolean inSafetensors() {
        return safetensorsDtype != null;
    }

    /** The lower-case name used in file names. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    String safetensorsDtype() {
        if (safetensorsDtype == null) {
            throw new IllegalArgumentException(this + " weights cannot be stored in safetensors; use f32, f16 or bf16");
        }
        return safetensorsDtype;
    }

    int ggmlType() {
        return ggmlType;
    }

    int ggufFileType() {
        return ggufFileType;
    }

    /** Bytes of {@code values} weights in this type ({@code values} a multiple of the block). */
    long bytes(long values) {
        return values / blockValues * blockBytes;
    }

    /** Writes one row of weights {@code k[j] * step} into {@code out}. */
    void encode(byte[] k, float step, boolean ones, ByteBuffer out) {
        int n = k.length;
        if (this == Q8_0) {
            encodeQ8(k, step, out);
            return;
        }
        for (int j = 0; j < n; j++) {
            float v = ones ? 1f : k[j] * step;
            switch (this) {
                case F32 -> out.putFloat(v);
                case F16 -> out.putShort(HalfFloats.toF16(v));
                case BF16 -> out.putShort(HalfFloats.toBf16(v));
                default -> throw new IllegalStateException(name());
            }
        }
    }

    /** ggml's reference Q8_0 quantisation: scale = max|x| / 127, q = round(x / scale). */
    private static void encodeQ8(byte[] k, float step, ByteBuffer out) {
        for (int start = 0; start < k.length; start += 32) {
            float amax = 0;
            for (int j = start; j < start + 32; j++) {
                amax = Math.max(amax, Math.abs(k[j] * step));
            }
            float d = amax / 127f;
            float inverse = d == 0 ? 0 : 1f / d;
            out.putShort(HalfFloats.toF16(d));
            for (int j = start; j < start + 32; j++) {
                out.put((byte) Math.round(k[j] * step * inverse));
            }
        }
    }
}
