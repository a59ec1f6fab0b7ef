package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.LlmAssertions;
import io.futurnal.llm.testing.LlmTest;
import io.futurnal.llm.testing.LlmTestOptions;
import org.junit.jupiter.api.Test;

/** The third class on the shipped model: parameter injection, and greedy output is repeatable. */
@KitOnly
@LlmTest(fast = true, backend = "llamacpp")
public class LlamaSampleC {

    @Test
    void greedyOutputRepeats(LlmClient llm) {
        String first = LlmAssertions.assertGenerated(llm.generate("Once upon a time", LlmTestOptions.deterministic(6)));
        String second = llm.generate("Once upon a time", LlmTestOptions.deterministic(6)).text();
        assertEquals(first, second);
    }
}
