package io.futurnal.llm.testing.samples;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.InjectLlm;
import io.futurnal.llm.testing.LlmTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Shared client with PER_CLASS lifecycle: constructor, a non-static {@code @BeforeAll}, and a {@code @Nested} class. */
@KitOnly
@LlmTest(backend = "fake", model = "shared-model")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class SharedSampleC {
    private final LlmClient fromConstructor;
    private LlmClient fromBeforeAll;

    SharedSampleC(LlmClient llm) {
        this.fromConstructor = llm;
    }

    @BeforeAll
    void remember(LlmClient llm) {
        fromBeforeAll = llm;
    }

    @Test
    void constructorAndBeforeAllAgree() {
        assertSame(fromConstructor, fromBeforeAll);
        Seen.client("SharedSampleC.constructor", fromConstructor);
    }

    /** Inherits the enclosing class's settings. */
    @Nested
    class Inner {
        @InjectLlm
        LlmClient inner;

        @Test
        void nestedClassGetsTheSameClient() {
            assertSame(fromConstructor, inner);
            Seen.client("SharedSampleC.Inner", inner);
        }
    }
}
