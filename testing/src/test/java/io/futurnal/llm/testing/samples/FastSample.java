package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.ModelRegistry;
import io.futurnal.llm.testing.LlmTest;
import org.junit.jupiter.api.Test;

/** fast = true asks for the smallest shipped model. */
@KitOnly
@LlmTest(backend = "fake", fast = true)
public class FastSample {

    @Test
    void getsTheFastModel(LlmClient llm) {
        assertEquals(ModelRegistry.FAST_MODEL, llm.info().model());
    }
}
