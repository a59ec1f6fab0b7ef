package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.futurnal.llm.DetectionReport;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.LlmTest;
import org.junit.jupiter.api.Test;

/**
 * Auto-detection where the top backend lacks the model: {@code fake} (priority 1000) has no
 * "missing-on-fake", {@code fake-down} is unavailable, so {@code fake-second} serves it.
 */
@KitOnly
@LlmTest(backend = "auto", model = "missing-on-fake")
public class AutoFallthroughSample {

    @Test
    void servedByTheNextAvailableBackend(LlmClient llm, DetectionReport report) {
        assertEquals("fake-second", llm.info().backend());
        assertEquals("missing-on-fake", llm.info().model());
        assertEquals("fake", report.chosen().orElseThrow());
    }
}
