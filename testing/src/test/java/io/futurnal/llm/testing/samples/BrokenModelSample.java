package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.fail;

import io.futurnal.llm.testing.LlmTest;
import org.junit.jupiter.api.Test;

/** The backend is there but its model file is corrupt: a broken setup, which fails rather than skips. */
@KitOnly
@LlmTest(backend = "fake", model = "broken")
public class BrokenModelSample {

    @Test
    void neverRuns() {
        fail("ran with a broken model");
    }
}
