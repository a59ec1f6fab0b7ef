package io.futurnal.llm.openai;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.EmbeddingResult;
import java.util.Arrays;
import java.util.List;

/** Checks an {@code /embeddings} answer and puts its vectors in input order. */
final class Embeddings {

    private Embeddings() {
    }

    /**
     * The vectors of {@code response}, ordered by their {@code index}.
     *
     * @throws BackendFailureException when the server sent the wrong number of vectors, an index
     *                                 twice or out of range, or vectors of different widths
     */
    static EmbeddingResult toResult(OpenAiWire.EmbeddingResponse response, int inputs, String model, String url) {
        List<OpenAiWire.EmbeddingData> data = response.data();
        if (data == null || data.size() != inputs) {
            throw new BackendFailureException(url + " returned " + (data == null ? 0 : data.size())
                    + " embeddings for " + inputs + " inputs");
        }
        float[][] vectors = new float[inputs][];
        for (int i = 0; i < data.size(); i++) {
            OpenAiWire.EmbeddingData d = data.get(i);
            int index = d == null || d.index() == null ? i : d.index();
            if (d == null || d.embedding() == null || index < 0 || index >= inputs || vectors[index] != null) {
                throw new BackendFailureException(url + " returned a missing or misplaced embedding (entry " + i + ")");
            }
            vectors[index] = d.embedding();
        }
        int width = vectors[0].length;
        for (float[] v : vectors) {
            if (v.length != width || width == 0) {
                throw new BackendFailureException(url + " returned embeddings of different or zero widths");
            }
        }
        int promptTokens = response.usage() == null || response.usage().promptTokens() == null
                ? 0 : response.usage().promptTokens();
        String answered = response.model() == null || response.model().isBlank() ? model : response.model();
        return new EmbeddingResult(Arrays.asList(vectors), answered, promptTokens);
    }
}
