package io.futurnal.llm.hf;

import io.futurnal.llm.GenerationOptions;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits: greedy at temperature 0, otherwise temperature, then top-k,
 * then top-p (the order of Hugging Face's generate), sampled with a generator seeded per call.
 * Not thread-safe: one per stream.
 */
final class Sampler {

    /** Temperature when the request sets none (llama.cpp's default). */
    static final double DEFAULT_TEMPERATURE = 0.8;
    /** Top-k when the request sets none (llama.cpp's default). */
    static final int DEFAULT_TOP_K = 40;
    /** Top-p when the request sets none (llama.cpp's default). */
    static final double DEFAULT_TOP_P = 0.95;

    /** Seed when the request sets none, so equal requests give equal text (as on the llama.cpp backend). */
    static final long DEFAULT_SEED = 42;

    private final double temperature;
    private final int topK;
    private final double topP;
    private final SplittableRandom random;

    Sampler(double temperature, int topK, double topP, long seed) {
        this.temperature = temperature;
        this.topK = topK;
        this.topP = topP;
        this.random = new SplittableRandom(seed);
    }

    /** A sampler for {@code options}, filling unset values with the defaults above. */
    static Sampler of(GenerationOptions options) {
        double t = options.temperature() == null ? DEFAULT_TEMPERATURE : options.temperature();
        int k = options.topK() == null ? DEFAULT_TOP_K : options.topK();
        double p = options.topP() == null ? DEFAULT_TOP_P : options.topP();
        return new Sampler(t, k, p, options.seed() == null ? DEFAULT_SEED : options.seed());
    }

    /** Whether this sampler always takes the most likely token. */
    boolean greedy() {
        return temperature == 0 || topK == 1;
    }

    /** The next token id. */
    int sample(float[] logits) {
        if (greedy()) {
            return argMax(logits);
        }
        int[] candidates = topCandidates(logits, Math.min(topK, logits.length));
        double[] weights = new double[candidates.length];
        double max = logits[candidates[0]];
        double total = 0;
        for (int i = 0; i < candidates.length; i++) {
            weights[i] = Math.exp((logits[candidates[i]] - max) / temperature);
            total += weights[i];
        }
        int kept = candidates.length;
        if (topP < 1.0) {
            double cumulative = 0;
            for (int i = 0; i < candidates.length; i++) {
                cumulative += weights[i] / total;
                if (cumulative >= topP) {
                    kept = i + 1;
                    break;
                }
            }
        }
        double keptTotal = 0;
        for (int i = 0; i < kept; i++) {
            keptTotal += weights[i];
        }
        double target = random.nextDouble() * keptTotal;
        for (int i = 0; i < kept - 1; i++) {
            target -= weights[i];
            if (target < 0) {
                return candidates[i];
            }
        }
        return candidates[kept - 1];
    }

    /** Index of the largest logit; the lowest index wins a tie. */
    static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The {@code k} highest-scoring ids, best first (ties by lower id). */
    static int[] topCandidates(float[] logits, int k) {
        long[] keyed = new long[logits.length];
        for (int i = 0; i < logits.length; i++) {
            // order by descending logit, then ascending id, in one primitive sort
            keyed[i] = ((long) ~sortableBits(logits[i]) << 32) | (i & 0xffffffffL);
        }
        Arrays.sort(keyed);
        int[] ids = new int[k];
        for (int i = 0; i < k; i++) {
            ids[i] = (int) keyed[i];
        }
        return ids;
    }

    /** Float bits mapped so that signed int order equals float order. */
    private static int sortableBits(float value) {
        int bits = Float.floatToIntBits(value);
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }
}
