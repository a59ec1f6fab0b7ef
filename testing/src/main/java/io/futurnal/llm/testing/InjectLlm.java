package io.futurnal.llm.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link LlmExtension} to fill a field of an {@link LlmTest} class. The field's type must be
 * {@link io.futurnal.llm.LlmClient} or {@link io.futurnal.llm.DetectionReport}, and it must not be
 * final. Instance fields are set after the test instance is constructed, static fields before the
 * class's {@code @BeforeAll} methods run.
 *
 * <p>Parameters need no annotation: constructor and method parameters of those two types are
 * injected by type. Fields need one so that a field the test assigns itself is never overwritten.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface InjectLlm {
}
