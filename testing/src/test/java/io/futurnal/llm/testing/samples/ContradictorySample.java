package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.fail;

import io.futurnal.llm.testing.LlmTest;
import org.junit.jupiter.api.Test;

/** fast and model together make no sense. */
@KitOnly
@LlmTest(backend = "fake", fast = true, model = "other")
public class ContradictorySample {

    @Test
    void neverRuns() {
        fail("ran with contradictory settings");
    }
}
