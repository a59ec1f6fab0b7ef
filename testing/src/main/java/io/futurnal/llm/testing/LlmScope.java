package io.futurnal.llm.testing;

/** How long a client made by {@link LlmExtension} lives and who shares it. */
public enum LlmScope {
    /**
     * One client per distinct (backend, model) for the whole test run, closed when the run ends. Ten
     * classes asking for the same model load it once.
     */
    SHARED,
    /**
     * A client owned by one test class (and its {@code @Nested} classes), closed when the class
     * finishes. For tests that need isolation, at the cost of loading the model again.
     */
    PER_CLASS
}
