package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.fail;

import io.futurnal.llm.testing.LlmTest;
import org.junit.jupiter.api.Test;

/** The backend's native library does not load: an Error from the provider must become a clean class failure. */
@KitOnly
@LlmTest(backend = "fake", model = "unlinkable")
public class UnlinkableSample {

    @Test
    void neverRuns() {
        fail("ran without native code");
    }
}
