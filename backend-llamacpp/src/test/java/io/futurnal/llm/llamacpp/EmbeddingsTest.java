package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.Capability;
import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.UnsupportedCapabilityException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Embeddings from a model loaded for them (last-token pooling for a causal model). */
class EmbeddingsTest {

    @Test
    void embeddingsAreDeterministicWithTheModelsWidth() {
        try (LlamaCppClient client = TestModels.open(TestModels.config().set(LlamaCppSettings.EMBEDDINGS.name(), "true").build())) {
            assertTrue(client.capabilities().contains(Capability.EMBEDDINGS));
            EmbeddingResult r = client.embed(List.of("Once upon a time", "Tom liked his red ball", "Once upon a time"));
            assertEquals(64, r.dimensions(), "stories260K's embedding length");
            assertEquals(3, r.vectors().size());
            assertArrayEquals(r.vectors().get(0), r.vectors().get(2));
            assertFalse(Arrays.equals(r.vectors().get(0), r.vectors().get(1)), "different texts give different vectors");
            assertArrayEquals(r.vectors().get(1), client.embed(List.of("Tom liked his red ball")).vectors().get(0));
            assertEquals(1.0, norm(r.vectors().get(0)), 1e-3, "llama.cpp normalises pooled embeddings");
            int expectedTokens = 2 * (client.tokenize("Once upon a time").length + 1)
                    + client.tokenize("Tom liked his red ball").length + 1;
            assertEquals(expectedTokens, r.promptTokens(), "tokens of the three texts, each with its beginning-of-sequence token");
            assertEquals("stories260k", r.model());
        }
    }

    @Test
    void aModelLoadedForEmbeddingsStillGeneratesTheSameText() {
        GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).maxTokens(20).build();
        String expected;
        try (LlamaCppClient plain = TestModels.openStories()) {
            expected = plain.generate("Once upon a time", greedy).text();
        }
        try (LlamaCppClient client = TestModels.open(TestModels.config().set(LlamaCppSettings.EMBEDDINGS.name(), "true").build())) {
            assertEquals(expected, client.generate("Once upon a time", greedy).text());
        }
    }

    @Test
    void withoutTheSettingEmbeddingsAreUnsupported() {
        try (LlamaCppClient client = TestModels.openStories()) {
            assertFalse(client.capabilities().contains(Capability.EMBEDDINGS));
            UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                    () -> client.embed(List.of("x")));
            assertTrue(e.getMessage().contains(LlamaCppSettings.EMBEDDINGS.name()), e.getMessage());
        }
    }

    @Test
    void textsLongerThanOneBatchAreRejected() {
        try (LlamaCppClient client = TestModels.open(TestModels.config().set(LlamaCppSettings.EMBEDDINGS.name(), "true").build())) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> client.embed(List.of("Once upon a time ".repeat(200))));
            assertTrue(e.getMessage().contains("too long to embed"), e.getMessage());
            assertEquals(64, client.embed(List.of("")).dimensions());
        }
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }
}
