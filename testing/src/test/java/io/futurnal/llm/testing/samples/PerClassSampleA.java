package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.LlmScope;
import io.futurnal.llm.testing.LlmTest;
import org.junit.jupiter.api.Test;

/** A client of its own. */
@KitOnly
@LlmTest(backend = "fake", model = "isolated", scope = LlmScope.PER_CLASS)
public class PerClassSampleA {

    @Test
    void first(LlmClient llm) {
        assertEquals("isolated", llm.info().model());
        Seen.client("PerClassSampleA.first", llm);
    }

    @Test
    void second(LlmClient llm) {
        Seen.client("PerClassSampleA.second", llm);
    }
}
