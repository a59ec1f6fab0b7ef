package io.futurnal.llm.hf;

/**
 * Converts between 32-bit floats and the two 16-bit formats in Java. DJL's PyTorch bindings have
 * no bfloat16 tensor type (asking for one aborts the process), so BF16 data never reaches PyTorch
 * as such: it is widened to F32 or rewritten as F16 here.
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

    /** The IEEE half-precision bits nearest to {@code value} (round to nearest even; overflow gives infinity). */
    static short floatToF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa == 0 ? 0 : 0x200 | (mantissa >>> 13)));
        }
        int e = exponent - 127 + 15;
        if (e >= 31) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            // subnormal half: shift the mantissa with its implicit bit into place, rounding to nearest even
            int full = mantissa | 0x800000;
            int shift = 14 - e;
            int half = full >>> shift;
            int rest = full & ((1 << shift) - 1);
            int midpoint = 1 << (shift - 1);
            if (rest > midpoint || (rest == midpoint && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mantissa >>> 13);
        int rest = mantissa & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }

    /** Whether a bfloat16 value is finite but beyond float16's range (it would become infinity). */
    static boolean bf16OverflowsF16(short bits) {
        int magnitude = bits & 0x7fff;
        // 0x477f is bfloat16 65280; 0x4780 (65536) rounds to infinity in float16, and 0x7f80 and up are inf/NaN
        return magnitude >= 0x4780 && magnitude < 0x7f80;
    }
}
