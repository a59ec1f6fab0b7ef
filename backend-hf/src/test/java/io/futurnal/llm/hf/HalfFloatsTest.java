package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    @Test
    void halfPrecisionValues() {
        assertEquals(1f, HalfFloats.f16ToFloat((short) 0x3c00));
        assertEquals(-2f, HalfFloats.f16ToFloat((short) 0xc000));
        assertEquals(65504f, HalfFloats.f16ToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, HalfFloats.f16ToFloat((short) 0x0001));
        assertEquals(0x1p-14f, HalfFloats.f16ToFloat((short) 0x0400));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.f16ToFloat((short) 0xfc00));
        assertTrue(Float.isNaN(HalfFloats.f16ToFloat((short) 0x7e00)));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(HalfFloats.f16ToFloat((short) 0x8000)));
    }

    @Test
    void everyHalfRoundTripsThroughTheTestEncoder() {
        for (int bits = 0; bits < 0x7c00; bits++) {
            float value = HalfFloats.f16ToFloat((short) bits);
            assertEquals(bits, SafetensorsTestFiles.floatToF16(value) & 0xffff, "bits " + Integer.toHexString(bits));
        }
    }

    @Test
    void bfloat16IsTheTopHalfOfAFloat() {
        assertEquals(1f, HalfFloats.bf16ToFloat((short) 0x3f80));
        assertEquals(-2.5f, HalfFloats.bf16ToFloat((short) 0xc020));
        assertEquals((short) 0x3f80, HalfFloats.floatToBf16(1f));
        // 1 + 2^-8 lies halfway between two bfloat16 values: ties go to even
        assertEquals((short) 0x3f80, HalfFloats.floatToBf16(1f + 0x1p-8f));
        assertEquals((short) 0x3f82, HalfFloats.floatToBf16(1f + 3 * 0x1p-8f));
    }
}
