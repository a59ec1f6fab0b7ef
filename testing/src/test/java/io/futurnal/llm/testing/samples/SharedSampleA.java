package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.futurnal.llm.DetectionReport;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.InjectLlm;
import io.futurnal.llm.testing.LlmTest;
import io.futurnal.llm.testing.LlmTestOptions;
import org.junit.jupiter.api.Test;

/** Shared client through an instance field, a static field and method parameters. */
@KitOnly
@LlmTest(backend = "fake", model = "shared-model")
public class SharedSampleA {
    @InjectLlm
    static DetectionReport report;

    @InjectLlm
    LlmClient llm;

    @Test
    void fieldAndParameterAreTheSameClient(LlmClient parameter, DetectionReport reportParameter) {
        assertSame(llm, parameter);
        assertSame(report, reportParameter);
        assertEquals("fake", report.chosen().orElseThrow());
        Seen.client("SharedSampleA.field", llm);
    }

    @Test
    void generates() {
        assertNotNull(llm);
        assertEquals("fake reply to: hi", llm.generate("hi", LlmTestOptions.deterministic()).text());
        Seen.client("SharedSampleA.generates", llm);
    }
}
