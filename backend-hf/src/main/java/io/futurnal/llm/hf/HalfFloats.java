package io.futurnal.llm.hf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Widens 16-bit floats to 32-bit in Java. PyTorch on DJL aborts the process on some BF16 arrays,
 * so no 16-bit array is ever handed to it.
 */
final class HalfFloats {

    private HalfFloats() {
    }

    /** The float a bfloat16 bit pattern stands for (exact: bfloat16 is the top half of a float). */
    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** The float an IEEE 754 half-precision bit pattern stands for (exact, including subnormals, infinities and NaN). */
    static float f16ToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** The bfloat16 nearest to {@code value} (round to nearest even), as bits; used by tests to write BF16 files. */
    static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /**
     * Converts little-endian 16-bit values to a new direct, native-order buffer of floats.
     *
     * @param source little-endian F16 or BF16 data; read from its position to its limit
     * @param brain  {@code true} for BF16, {@code false} for F16
     */
    static ByteBuffer widen(ByteBuffer source, boolean brain) {
        ShortBuffer in = source.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        int n = in.remaining();
        ByteBuffer out = ByteBuffer.allocateDirect(Math.multiplyExact(n, 4)).order(ByteOrder.nativeOrder());
        FloatBuffer floats = out.asFloatBuffer();
        for (int i = 0; i < n; i++) {
            short s = in.get(i);
            floats.put(i, brain ? bf16ToFloat(s) : f16ToFloat(s));
        }
        return out;
    }
}
