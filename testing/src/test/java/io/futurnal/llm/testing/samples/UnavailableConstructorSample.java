package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.fail;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.LlmTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Unavailable backend with PER_CLASS lifecycle and constructor injection: the instance is built
 * before any BeforeAll callback, so the skip must come before the constructor's parameters are
 * resolved (JUnit would turn an abort there into a failure).
 */
@KitOnly
@LlmTest(backend = "fake-down")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class UnavailableConstructorSample {

    UnavailableConstructorSample(LlmClient llm) {
        fail("constructed without a backend: " + llm);
    }

    @Test
    void neverRuns() {
        fail("ran without a backend");
    }
}
