package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.fail;

import io.futurnal.llm.testing.LlmTest;
import org.junit.jupiter.api.Test;

/** Asks for a backend whose jar is not on the classpath. */
@KitOnly
@LlmTest(backend = "nope")
public class UnknownBackendSample {

    @Test
    void neverRuns() {
        fail("ran without a backend");
    }
}
