package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.fail;

import io.futurnal.llm.testing.InjectLlm;
import io.futurnal.llm.testing.LlmTest;
import org.junit.jupiter.api.Test;

/** An {@code @InjectLlm} field of a type the extension cannot fill. */
@KitOnly
@LlmTest(backend = "fake", model = "shared-model")
public class BadFieldSample {
    @InjectLlm
    String notAClient;

    @Test
    void neverRuns() {
        fail("ran with a bad field: " + notAClient);
    }
}
