package io.futurnal.llm.testing;

import io.futurnal.llm.Capability;
import io.futurnal.llm.ModelRegistry;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs a language model. The {@link LlmExtension} picks a backend the way
 * the library does ({@code FUTURNAL_LLM_BACKEND}, {@code FUTURNAL_PRODUCTION_LLM}), creates the
 * client once and injects it:
 *
 * <pre>{@code
 * @LlmTest(fast = true)
 * class StoryTest {
 *     @InjectLlm LlmClient llm;
 *
 *     @Test
 *     void continuesAStory() {
 *         var result = llm.generate("Once upon a time", LlmTestOptions.deterministic(16));
 *         LlmAssertions.assertGenerated(result);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link io.futurnal.llm.LlmClient} and {@link io.futurnal.llm.DetectionReport} are injected by type into
 * constructor and method parameters, and into fields marked {@link InjectLlm}. When no backend
 * fits, every test of the class is skipped with the detection report as the reason, or the class
 * fails when strict mode ({@value LlmExtension#STRICT}) is on.
 *
 * <p>{@code @Nested} classes inherit the settings of their enclosing class unless they carry their
 * own {@code @LlmTest}. The annotation may also be used as a meta-annotation.
 *
 * @see LlmExtension
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LlmExtension.class)
public @interface LlmTest {

    /**
     * A backend id or alias such as {@code llamacpp} or {@code ollama}, or {@code auto}. Empty (the
     * default) follows the configuration ({@code FUTURNAL_LLM_BACKEND} / {@code -Dfuturnal.llm.backend}).
     */
    String backend() default "";

    /**
     * The model to run. Empty (the default) follows the configuration
     * ({@code FUTURNAL_PRODUCTION_LLM} / {@code -Dfuturnal.production.llm}), or the backend's own
     * default when that is unset. Must be empty when {@link #fast()} is set.
     */
    String model() default "";

    /** Use the smallest shipped model ({@link ModelRegistry#FAST_MODEL}) instead of the production one. */
    boolean fast() default false;

    /** Capabilities the tests need; the class is skipped when the chosen client lacks one. */
    Capability[] requires() default {};

    /** Whether the client is shared by every class in the run (the default) or owned by this class. */
    LlmScope scope() default LlmScope.SHARED;
}
