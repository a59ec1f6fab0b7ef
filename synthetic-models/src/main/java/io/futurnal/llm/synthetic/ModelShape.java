package io.futurnal.llm.synthetic;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The shape of a Llama-architecture checkpoint: every hyper-parameter that decides tensor sizes and
 * the numbers a runtime needs, as in the model's {@code config.json}.
 *
 * @param name             a short name, used in file names and reports
 * @param hiddenSize       model width
 * @param intermediateSize MLP width
 * @param layers           decoder layers
 * @param heads            query heads
 * @param kvHeads          key/value heads
 * @param headDim          width of one head
 * @param vocabSize        rows of the embedding table
 * @param maxPositions     {@code max_position_embeddings}
 * @param ropeTheta        rotary base frequency
 * @param ropeScaling      Llama 3 rotary scaling, or {@code null} for none
 * @param rmsNormEps       RMSNorm epsilon
 * @param tiedEmbeddings   whether the LM head reuses the embedding table
 */
public record ModelShape(
        String name,
        int hiddenSize,
        int intermediateSize,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int vocabSize,
        int maxPositions,
        double ropeTheta,
        Llama3RopeScaling ropeScaling,
        double rmsNormEps,
        boolean tiedEmbeddings) {

    /**
     * Llama 3.1/3.2 {@code rope_scaling} ({@code rope_type: llama3}).
     *
     * @param factor               the scaling factor
     * @param lowFreqFactor        low-frequency factor
     * @param highFreqFactor       high-frequency factor
     * @param originalMaxPositions the pre-training context
     */
    public record Llama3RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {
    }

    /** The values of Meta's Llama-3.2-1B(-Instruct) {@code config.json}. */
    public static final ModelShape LLAMA_3_2_1B = new ModelShape("llama-3.2-1b", 2048, 8192, 16, 32, 8, 64, 128_256,
            131_072, 500_000.0, new Llama3RopeScaling(32.0, 1.0, 4.0, 8192), 1e-5, true);

    /** The values of Meta's Llama-3.1-8B(-Instruct) {@code config.json}. */
    public static final ModelShape LLAMA_3_1_8B = new ModelShape("llama-3.1-8b", 4096, 14_336, 32, 32, 8, 128, 128_256,
            131_072, 500_000.0, new Llama3RopeScaling(8.0, 1.0, 4.0, 8192), 1e-5, false);

    /**
     * A few-megabyte model with Llama 3.2's vocabulary, rotary settings, grouped-query attention
     * and tied embeddings, only narrow and shallow: for tests that must run in seconds.
     */
    public static final ModelShape TINY_LLAMA_3 = new ModelShape("tiny-llama-3", 64, 256, 2, 4, 2, 16, 128_256,
            131_072, 500_000.0, new Llama3RopeScaling(32.0, 1.0, 4.0, 8192), 1e-5, true);

    private static final Map<String, ModelShape> PRESETS = Map.of(
            LLAMA_3_2_1B.name, LLAMA_3_2_1B,
            "llama-3.2-1b-instruct", LLAMA_3_2_1B,
            "llama3.2-1b", LLAMA_3_2_1B,
            LLAMA_3_1_8B.name, LLAMA_3_1_8B,
            "llama-3.1-8b-instruct", LLAMA_3_1_8B,
            "llama3.1-8b", LLAMA_3_1_8B,
            TINY_LLAMA_3.name, TINY_LLAMA_3);

    /** The canonical names of the presets. */
    public static final List<String> PRESET_NAMES = List.of(TINY_LLAMA_3.name, LLAMA_3_2_1B.name, LLAMA_3_1_8B.name);

    /** Checks that the shape is one a Llama runtime can hold. */
    public ModelShape {
        Objects.requireNonNull(name, "name");
        if (hiddenSize <= 0 || intermediateSize <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0
                || vocabSize <= 0 || maxPositions <= 0) {
            throw new IllegalArgumentException("every size of a model shape must be positive: " + name);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads (" + heads + ") must be a multiple of kvHeads (" + kvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("headDim must be even for rotary embeddings, is " + headDim);
        }
        if (hiddenSize % 32 != 0 || intermediateSize % 32 != 0 || (heads * headDim) % 32 != 0) {
            throw new IllegalArgumentException("widths must be multiples of 32 (the Q8_0 block), shape " + name);
        }
        if (vocabSize < Vocabulary.MIN_SIZE) {
            throw new IllegalArgumentException("vocabSize must be at least " + Vocabulary.MIN_SIZE + ", is " + vocabSize);
        }
    }

    /**
     * A preset by name ({@code tiny-llama-3}, {@code llama-3.2-1b}, {@code llama-3.1-8b}, or a
     * registry name of the last two), ignoring case.
     *
     * @throws IllegalArgumentException naming the presets when there is none of that name
     */
    public static ModelShape preset(String name) {
        ModelShape shape = PRESETS.get(name.toLowerCase(Locale.ROOT));
        if (shape == null) {
            throw new IllegalArgumentException("no synthetic model shape '" + name + "'; known: " + PRESET_NAMES);
        }
        return shape;
    }

    /** This shape under another name with another depth, e.g. for a quicker variant of a real shape. */
    public ModelShape withLayers(int newLayers) {
        return new ModelShape(name + "-" + newLayers + "l", hiddenSize, intermediateSize, newLayers, heads, kvHeads,
                headDim, vocabSize, maxPositions, ropeTheta, ropeScaling, rmsNormEps, tiedEmbeddings);
    }

    /** This shape with another vocabulary size (the generated tokenizer follows). */
    public ModelShape withVocabSize(int newVocabSize) {
        return new ModelShape(name + "-v" + newVocabSize, hiddenSize, intermediateSize, layers, heads, kvHeads,
                headDim, newVocabSize, maxPositions, ropeTheta, ropeScaling, rmsNormEps, tiedEmbeddings);
    }

    /** Number of weights (embedding, LM head unless tied, every layer, final norm). */
    public long parameters() {
        return TensorPlan.of(this).stream().mapToLong(t -> t.elements()).sum();
    }
}
