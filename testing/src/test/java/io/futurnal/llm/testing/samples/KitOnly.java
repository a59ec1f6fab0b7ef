package io.futurnal.llm.testing.samples;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Sample classes run only inside an EngineTestKit run that sets {@value #FLAG}; some of them are
 * meant to fail, so an IDE's "run all tests" must leave them alone. Their names also stay out of
 * surefire's default includes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KitOnly.Condition.class)
public @interface KitOnly {

    /** The configuration parameter that enables the samples. */
    String FLAG = "futurnal.llm.testing.samples";

    /** Enables a class only when {@link #FLAG} is {@code true}. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FLAG).filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("run by EngineTestKit")
                    : ConditionEvaluationResult.disabled("a sample for EngineTestKit runs only");
        }
    }
}
