package io.futurnal.llm.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Precomputed rotary-embedding tables for every position of the context, shaped
 * {@code [positions, 1, headDim]} so one row broadcasts over all heads, in the compute dtype. Angles follow ggml's
 * float recurrence ({@code theta_i = p * base^(-2i/d)} as a running float product), which keeps
 * greedy tokens identical to llama.cpp on the same weights.
 */
final class RopeTables {

    final NDArray cos;
    final NDArray sin;
    final int positions;

    private RopeTables(NDArray cos, NDArray sin, int positions) {
        this.cos = cos;
        this.sin = sin;
        this.positions = positions;
    }

    /** Builds the tables for positions {@code 0 .. positions-1} in {@code manager}, in {@code dtype}. */
    static RopeTables create(LlamaConfig config, int positions, NDManager manager, DataType dtype) {
        int dim = config.headDim();
        int half = dim / 2;
        float[] factors = frequencyDivisors(config);
        float positionScale = config.ropeScaling() != null && config.ropeScaling().type().equals("linear")
                ? (float) (1.0 / config.ropeScaling().factor()) : 1f;
        float thetaScale = (float) Math.pow(config.ropeTheta(), -2.0 / dim);
        float[] cos = new float[positions * dim];
        float[] sin = new float[positions * dim];
        for (int p = 0; p < positions; p++) {
            float theta = p;
            for (int i = 0; i < half; i++) {
                float angle = positionScale * (theta / factors[i]);
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                int at = p * dim + i;
                cos[at] = c;
                cos[at + half] = c;
                sin[at] = s;
                sin[at + half] = s;
                theta *= thetaScale;
            }
        }
        Shape shape = new Shape(positions, 1, dim);
        return new RopeTables(in(manager.create(cos, shape), dtype), in(manager.create(sin, shape), dtype), positions);
    }

    private static NDArray in(NDArray table, DataType dtype) {
        if (table.getDataType() == dtype) {
            return table;
        }
        try (table) {
            return table.toType(dtype, true);
        }
    }

    /** Per-frequency divisors: 1 except under Llama 3 scaling, which stretches the low frequencies. */
    static float[] frequencyDivisors(LlamaConfig config) {
        int half = config.headDim() / 2;
        float[] divisors = new float[half];
        java.util.Arrays.fill(divisors, 1f);
        LlamaConfig.RopeScaling scaling = config.ropeScaling();
        if (scaling == null || !scaling.type().equals("llama3")) {
            return divisors;
        }
        double lowWavelength = scaling.originalMaxPositions() / scaling.lowFreqFactor();
        double highWavelength = scaling.originalMaxPositions() / scaling.highFreqFactor();
        for (int i = 0; i < half; i++) {
            double frequency = Math.pow(config.ropeTheta(), -2.0 * i / config.headDim());
            double wavelength = 2 * Math.PI / frequency;
            if (wavelength < highWavelength) {
                divisors[i] = 1f;
            } else if (wavelength > lowWavelength) {
                divisors[i] = (float) scaling.factor();
            } else {
                double smooth = (scaling.originalMaxPositions() / wavelength - scaling.lowFreqFactor())
                        / (scaling.highFreqFactor() - scaling.lowFreqFactor());
                divisors[i] = (float) (1.0 / ((1 - smooth) / scaling.factor() + smooth));
            }
        }
        return divisors;
    }
}
