package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.fail;

import io.futurnal.llm.Capability;
import io.futurnal.llm.testing.LlmTest;
import org.junit.jupiter.api.Test;

/** Requires embeddings from a model that has none. */
@KitOnly
@LlmTest(backend = "fake", model = "shared-model", requires = Capability.EMBEDDINGS)
public class NeedsEmbeddingsSample {

    @Test
    void neverRuns() {
        fail("ran without embeddings");
    }
}
