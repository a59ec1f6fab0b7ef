package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.futurnal.llm.Capability;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.LlmTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requires embeddings from a model that has them. */
@KitOnly
@LlmTest(backend = "fake", model = "embedder", requires = {Capability.EMBEDDINGS, Capability.CHAT})
public class EmbeddingsSample {

    @Test
    void embeds(LlmClient llm) {
        assertEquals(2, llm.embed(List.of("a", "bb")).vectors().size());
    }
}
