package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.ModelRegistry;
import io.futurnal.llm.testing.InjectLlm;
import io.futurnal.llm.testing.LlmAssertions;
import io.futurnal.llm.testing.LlmTest;
import io.futurnal.llm.testing.LlmTestOptions;
import org.junit.jupiter.api.Test;

/** One of three classes on the shipped model through llama.cpp; together they must load it once. */
@KitOnly
@LlmTest(fast = true, backend = "llamacpp")
public class LlamaSampleA {
    @InjectLlm
    LlmClient llm;

    @Test
    void continuesTheStory() {
        GenerationResult result = llm.generate("Once upon a time", LlmTestOptions.deterministic(8));
        assertEquals("llamacpp", result.backend());
        assertTrue(LlmAssertions.assertGenerated(result).contains("there was"), result.text());
    }

    @Test
    void runsOnTheFastModel() {
        assertTrue(llm.info().model().toLowerCase().contains(ModelRegistry.FAST_MODEL), llm.info().model());
    }
}
