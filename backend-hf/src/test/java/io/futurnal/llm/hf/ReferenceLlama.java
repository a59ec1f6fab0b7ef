package io.futurnal.llm.hf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * A plain-Java Llama forward pass in double precision, written straight from the Hugging Face
 * modelling code (rotate-half RoPE, repeat_kv for grouped-query attention, SwiGLU), with no KV
 * cache and no weight fusion. Slow; tests compare the NDArray implementation against it.
 */
final class ReferenceLlama {

    private final LlamaConfig c;
    private final Map<String, SafetensorsTestFiles.Tensor> w;

    ReferenceLlama(LlamaConfig config, Map<String, SafetensorsTestFiles.Tensor> weights) {
        this.c = config;
        this.w = weights;
    }

    /** Logits after the last of {@code tokens}. */
    double[] logits(int[] tokens) {
        int n = tokens.length;
        int d = c.hiddenSize();
        double[][] x = new double[n][];
        float[] embed = floats("model.embed_tokens.weight");
        for (int t = 0; t < n; t++) {
            x[t] = new double[d];
            for (int i = 0; i < d; i++) {
                x[t][i] = embed[tokens[t] * d + i];
            }
        }
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            double[][] h = new double[n][];
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                h[t] = rmsNorm(x[t], floats(p + "input_layernorm.weight"));
                q[t] = rope(headNorm(linear(h[t], p + "self_attn.q_proj"), p + "self_attn.q_norm.weight"), t, c.heads());
                k[t] = rope(headNorm(linear(h[t], p + "self_attn.k_proj"), p + "self_attn.k_norm.weight"), t, c.kvHeads());
                v[t] = linear(h[t], p + "self_attn.v_proj");
            }
            int hd = c.headDim();
            for (int t = 0; t < n; t++) {
                double[] attended = new double[c.heads() * hd];
                for (int head = 0; head < c.heads(); head++) {
                    int kv = head / c.groupSize();
                    double[] scores = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        double dot = 0;
                        for (int i = 0; i < hd; i++) {
                            dot += q[t][head * hd + i] * k[s][kv * hd + i];
                        }
                        scores[s] = dot / Math.sqrt(hd);
                        max = Math.max(max, scores[s]);
                    }
                    double sum = 0;
                    for (int s = 0; s <= t; s++) {
                        scores[s] = Math.exp(scores[s] - max);
                        sum += scores[s];
                    }
                    for (int s = 0; s <= t; s++) {
                        for (int i = 0; i < hd; i++) {
                            attended[head * hd + i] += scores[s] / sum * v[s][kv * hd + i];
                        }
                    }
                }
                add(x[t], linear(attended, p + "self_attn.o_proj"));
                double[] m = rmsNorm(x[t], floats(p + "post_attention_layernorm.weight"));
                double[] gate = linear(m, p + "mlp.gate_proj");
                double[] up = linear(m, p + "mlp.up_proj");
                for (int i = 0; i < gate.length; i++) {
                    gate[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
                }
                add(x[t], linear(gate, p + "mlp.down_proj"));
            }
        }
        double[] last = rmsNorm(x[n - 1], floats("model.norm.weight"));
        String head = c.tiedEmbeddings() ? "model.embed_tokens" : "lm_head";
        return linear(last, head);
    }

    /** Qwen3's RMSNorm of each head (over head_dim) when the model has the weight, else {@code x}. */
    private double[] headNorm(double[] x, String weight) {
        if (!w.containsKey(weight)) {
            return x;
        }
        float[] g = floats(weight);
        int hd = c.headDim();
        double[] out = new double[x.length];
        for (int head = 0; head < x.length / hd; head++) {
            double[] part = java.util.Arrays.copyOfRange(x, head * hd, head * hd + hd);
            System.arraycopy(rmsNorm(part, g), 0, out, head * hd, hd);
        }
        return out;
    }

    private double[] rope(double[] x, int position, int heads) {
        int hd = c.headDim();
        int half = hd / 2;
        double[] out = new double[x.length];
        for (int head = 0; head < heads; head++) {
            for (int i = 0; i < half; i++) {
                double angle = scaledPosition(position) * inverseFrequency(i);
                double cos = Math.cos(angle);
                double sin = Math.sin(angle);
                double a = x[head * hd + i];
                double b = x[head * hd + i + half];
                out[head * hd + i] = a * cos - b * sin;
                out[head * hd + i + half] = b * cos + a * sin;
            }
        }
        return out;
    }

    private double scaledPosition(int position) {
        LlamaConfig.RopeScaling s = c.ropeScaling();
        return s != null && s.type().equals("linear") ? position / s.factor() : position;
    }

    /** Hugging Face's _compute_llama3_parameters, per frequency. */
    private double inverseFrequency(int i) {
        double frequency = 1.0 / Math.pow(c.ropeTheta(), 2.0 * i / c.headDim());
        LlamaConfig.RopeScaling s = c.ropeScaling();
        if (s == null || !s.type().equals("llama3")) {
            return frequency;
        }
        double wavelength = 2 * Math.PI / frequency;
        double lowWavelength = s.originalMaxPositions() / s.lowFreqFactor();
        double highWavelength = s.originalMaxPositions() / s.highFreqFactor();
        if (wavelength > lowWavelength) {
            return frequency / s.factor();
        }
        if (wavelength < highWavelength) {
            return frequency;
        }
        double smooth = (s.originalMaxPositions() / wavelength - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
        return (1 - smooth) * frequency / s.factor() + smooth * frequency;
    }

    private double[] rmsNorm(double[] x, float[] weight) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        double scale = 1 / Math.sqrt(sum / x.length + c.rmsNormEps());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * scale * weight[i];
        }
        return out;
    }

    private double[] linear(double[] x, String name) {
        float[] weight = floats(name + ".weight");
        int rows = weight.length / x.length;
        double[] out = new double[rows];
        float[] bias = w.containsKey(name + ".bias") ? floats(name + ".bias") : null;
        for (int r = 0; r < rows; r++) {
            double s = bias == null ? 0 : bias[r];
            for (int i = 0; i < x.length; i++) {
                s += weight[r * x.length + i] * x[i];
            }
            out[r] = s;
        }
        return out;
    }

    private static void add(double[] into, double[] y) {
        for (int i = 0; i < into.length; i++) {
            into[i] += y[i];
        }
    }

    private float[] floats(String name) {
        SafetensorsTestFiles.Tensor t = w.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor " + name);
        }
        float[] out = new float[t.data().length / 4];
        ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
