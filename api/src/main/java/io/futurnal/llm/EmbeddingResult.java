package io.futurnal.llm;

import java.util.List;

/**
 * Embeddings for a batch of texts, one vector per input, in input order.
 *
 * @param vectors      one vector per input text
 * @param model        the model that produced them
 * @param promptTokens tokens read, or 0 when the backend does not say
 */
public record EmbeddingResult(List<float[]> vectors, String model, int promptTokens) {
    /** Copies the list of vectors (not the arrays themselves). */
    public EmbeddingResult {
        vectors = List.copyOf(vectors);
    }

    /** Width of the vectors, or 0 for an empty batch. */
    public int dimensions() {
        return vectors.isEmpty() ? 0 : vectors.get(0).length;
    }
}
