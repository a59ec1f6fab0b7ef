package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.LlmTest;
import io.futurnal.llm.testing.LlmTestOptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Shared client through the constructor; closing it in a test must not close it for anyone else. */
@KitOnly
@LlmTest(backend = "fake", model = "shared-model")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class SharedSampleB {
    private final LlmClient llm;

    SharedSampleB(LlmClient llm) {
        this.llm = llm;
    }

    @Test
    @Order(1)
    void closingTheInjectedClientIsHarmless() {
        try (LlmClient habit = llm) {
            Seen.client("SharedSampleB.constructor", habit);
        }
    }

    @Test
    @Order(2)
    void stillWorksAfterwards() {
        GenerationResult result = llm.generate("one two three four", LlmTestOptions.deterministic(2));
        assertEquals("fake reply ", result.text());
        assertEquals(FinishReason.LENGTH, result.finishReason());
        Seen.client("SharedSampleB.afterClose", llm);
    }
}
