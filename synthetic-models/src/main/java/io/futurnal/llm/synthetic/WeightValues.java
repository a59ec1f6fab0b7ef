package io.futurnal.llm.synthetic;

/**
 * The deterministic random values of a synthetic model, row by row so that any row can be made
 * on its own (GGUF stores q/k rows in another order) and nothing larger than a row is held.
 *
 * <p>Every weight is {@code k * 2^e} with an integer {@code |k| <= 127} and one exponent per
 * tensor, and every block of 32 holds one {@code |k| = 127}. Such values are exact in F32, F16 and
 * BF16, and Q8_0 (one F16 scale per 32 values) stores them without loss, so all files of one seed
 * hold the very same weights. {@code k} is uniform, and {@code 2^e} is picked so that the standard
 * deviation is about {@code 1/sqrt(fan_in)}: activations keep unit scale through every layer.
 * Norm weights are 1.
 */
final class WeightValues {

    /** Values per block that share the largest magnitude (the Q8_0 block). */
    static final int BLOCK = 32;
    /** Standard deviation of an integer uniform on [-127, 127]. */
    private static final double K_STD = Math.sqrt((255.0 * 255.0 - 1) / 12.0);

    private final long seed;

    WeightValues(long seed) {
        this.seed = seed;
    }

    /** The power-of-two step of a tensor's values. */
    static float step(SyntheticTensor t) {
        if (t.norm()) {
            return 1f;
        }
        double target = 1.0 / Math.sqrt(t.cols()) / K_STD;
        return (float) Math.scalb(1.0, (int) Math.round(Math.log(target) / Math.log(2)));
    }

    /** Fills {@code k} (length {@code t.cols()}) with the integers of Hugging Face row {@code row}. */
    void row(SyntheticTensor t, long row, byte[] k) {
        if (t.norm()) {
            java.util.Arrays.fill(k, (byte) 0);
            return;
        }
        long state = mix(seed * 0x9E3779B97F4A7C15L + t.hfName().hashCode() * 0xC2B2AE3D27D4EB4FL + row);
        int cols = (int) t.cols();
        long bits = 0;
        for (int j = 0; j < cols; j++) {
            if ((j & 7) == 0) {
                state += 0x9E3779B97F4A7C15L;
                bits = mix(state);
            }
            int b = (int) (bits & 0xFF);
            bits >>>= 8;
            k[j] = (byte) (((b * 255) >> 8) - 127);
        }
        for (int start = 0; start < cols; start += BLOCK) {
            state += 0x9E3779B97F4A7C15L;
            long r = mix(state);
            int at = start + (int) (r & (BLOCK - 1));
            k[at] = (byte) ((r & 0x100) == 0 ? 127 : -127);
        }
    }

    /** Stafford's variant 13 of the SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
