package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.fail;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.LlmTest;
import org.junit.jupiter.api.Test;

/** Asks for a backend that is installed but unavailable. */
@KitOnly
@LlmTest(backend = "fake-down")
public class UnavailableSampleB {

    @Test
    void neverRuns(LlmClient llm) {
        fail("ran without a backend: " + llm);
    }

    @Test
    void neverRunsEither() {
        fail("ran without a backend");
    }
}
