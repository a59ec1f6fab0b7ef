/**
 * JUnit 5 support for tests that need a language model: one client per run instead of one model
 * load per class.
 *
 * <h2>Use</h2>
 * Add {@code io.futurnal:futurnal-llm-testing} and one or more backend jars with test scope, then:
 * <pre>{@code
 * @LlmTest                                   // backend and model follow the configuration
 * class SummaryTest {
 *     @InjectLlm LlmClient llm;              // or a constructor / method parameter of type LlmClient
 *
 *     @Test
 *     void answersInJson() {
 *         var result = llm.generate("Reply with {\"ok\": true}", LlmTestOptions.deterministicJson(32, SCHEMA));
 *         LlmAssertions.assertMatchesSchema(result, SCHEMA);
 *     }
 * }
 * }</pre>
 * Every class asking for the same backend and model shares one client, created on first use and
 * closed when the run ends ({@link io.futurnal.llm.testing.LlmScope#SHARED});
 * {@code scope = PER_CLASS} gives a class its own.
 *
 * <h2>Locally with Ollama, in CI with the shipped model</h2>
 * Locally, with Ollama running: {@code FUTURNAL_LLM_BACKEND=ollama FUTURNAL_PRODUCTION_LLM=llama3.1:8b mvn test}
 * runs {@code @LlmTest} classes on that model. Classes that must stay small and fast use
 * {@code @LlmTest(fast = true)}, which asks for the shipped {@code stories260k} model; pin
 * {@code backend = "llamacpp"} (with the llama.cpp backend jar on the test classpath) for the
 * classes that must run on it everywhere. In CI, where a model is mandatory, set
 * {@code FUTURNAL_LLM_TEST_STRICT=true} so a missing backend fails the build instead of skipping.
 *
 * <h2>When there is no model</h2>
 * The class's tests are skipped with the detection report as the reason (visible in IDEs and in
 * Surefire's XML as the skip message). Detection runs once per (backend, model) per run, also when it
 * fails. Strict mode ({@link io.futurnal.llm.testing.LlmExtension#STRICT}) turns the skip into a
 * failure. A broken setup (a corrupt model file, a backend bug) always fails.
 *
 * <h2>Reports</h2>
 * Each class publishes JUnit report entries {@code llm.backend}, {@code llm.model},
 * {@code llm.scope} and {@code llm.client} ({@code created} or {@code reused}); IDEs, Gradle and
 * JUnit's Open Test Reporting show them (Surefire's XML does not keep report entries). The
 * creation is also logged at INFO through SLF4J.
 */
package io.futurnal.llm.testing;
