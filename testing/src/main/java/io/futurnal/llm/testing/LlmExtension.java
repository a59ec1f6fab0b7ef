package io.futurnal.llm.testing;

import io.futurnal.llm.DetectionReport;
import io.futurnal.llm.LlmClient;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit 5 extension behind {@link LlmTest}: it creates the client a test class asks for, keeps
 * it in JUnit's store so that every class asking for the same backend and model shares it (or, with
 * {@link LlmScope#PER_CLASS}, gives the class its own), injects it, and closes it when its scope
 * ends.
 *
 * <p>What it does for a class, in order: while JUnit evaluates the class's conditions, before any
 * instance is constructed or any {@code @BeforeAll} method runs, it settles the client. A failure
 * is remembered for the whole run, so fifty classes do not probe fifty times. When no backend fits,
 * the class is skipped with the detection report as the reason, the way {@code @Disabled("...")}
 * skips it: every test shows up as skipped with that reason in IDEs and in Surefire reports (a
 * class-level assumption failure would vanish from Surefire's counts). With strict mode
 * ({@value #STRICT}) the class fails instead. It then publishes the backend and model as report
 * entries ({@value #REPORT_BACKEND}, {@value #REPORT_MODEL}) and fills {@link InjectLlm} fields and
 * parameters of type {@link LlmClient} or {@link DetectionReport}.
 *
 * <p>Problems that are not "no backend fits" (a corrupt model file, a bug in a backend) always fail.
 *
 * <p>Detection gets a 10 second deadline unless {@code futurnal.llm.detect.timeout}
 * ({@code FUTURNAL_LLM_DETECT_TIMEOUT}) is set: it runs once per run, and on a busy machine a
 * cold first probe must not turn a present backend into a skipped suite.
 */
public final class LlmExtension implements ExecutionCondition, BeforeAllCallback, TestInstancePreConstructCallback,
        TestInstancePostProcessor, ParameterResolver {

    /**
     * Strict mode: {@code true} turns every skip into a failure, for CI that must have a model. Read as
     * a JUnit configuration parameter, then a system property, then the environment variable
     * {@code FUTURNAL_LLM_TEST_STRICT}. Default {@code false}.
     */
    public static final String STRICT = "futurnal.llm.test.strict";
    /** Report entry key: the id of the backend the class ran on. */
    public static final String REPORT_BACKEND = "llm.backend";
    /** Report entry key: the model as the backend names it. */
    public static final String REPORT_MODEL = "llm.model";
    /** Report entry key: {@code shared} or {@code per_class}. */
    public static final String REPORT_SCOPE = "llm.scope";
    /** Report entry key: {@code created} when this class caused the client to be made, {@code reused} otherwise. */
    public static final String REPORT_CLIENT = "llm.client";

    /** Creates the extension; JUnit does this through {@link LlmTest} or {@code @ExtendWith}. */
    public LlmExtension() {
    }

    /**
     * How many clients this extension has created in this JVM, all scopes and runs together. A suite
     * can check it to prove a model was loaded once.
     */
    public static int clientsCreated() {
        return ClientFactory.created();
    }

    /** Skips a class that has no usable client (unless strict); test methods follow their class. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent() || context.getTestClass().isEmpty()) {
            return ConditionEvaluationResult.enabled("decided for the whole class");
        }
        Bindings.Binding binding;
        boolean strict;
        try {
            binding = Bindings.of(context);
            strict = StrictMode.isOn(context);
        } catch (RuntimeException e) {
            // a misconfiguration: let beforeAll raise it as the class's failure rather than a condition error
            return ConditionEvaluationResult.enabled("the class will report: " + e.getMessage());
        }
        return Verdicts.skipReason(binding, strict)
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("an LLM client is ready or the class will fail"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Bindings.Binding binding = Bindings.of(context);
        ClientOutcome.Ready ready = requireUsable(binding, context);
        context.publishReportEntry(reportEntry(binding, ready));
        injectFields(context.getRequiredTestClass(), null, ready);
    }

    /** Settles the client before a constructor that may take it runs (this comes first with {@code PER_CLASS} lifecycle). */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        requireUsable(Bindings.of(context), context);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        ClientOutcome.Ready ready = requireUsable(Bindings.of(context), context);
        injectFields(testInstance.getClass(), testInstance, ready);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == LlmClient.class || type == DetectionReport.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ClientOutcome.Ready ready = requireUsable(Bindings.of(extensionContext), extensionContext);
        return valueFor(parameterContext.getParameter().getType(), ready);
    }

    private static ClientOutcome.Ready requireUsable(Bindings.Binding binding, ExtensionContext context) {
        return Verdicts.requireUsable(binding, StrictMode.isOn(context));
    }

    private static Map<String, String> reportEntry(Bindings.Binding binding, ClientOutcome.Ready ready) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put(REPORT_BACKEND, ready.client().info().backend());
        entry.put(REPORT_MODEL, ready.client().info().model());
        entry.put(REPORT_SCOPE, binding.settings().scope().name().toLowerCase(java.util.Locale.ROOT));
        entry.put(REPORT_CLIENT, binding.createdHere() ? "created" : "reused");
        if (binding.createdHere() && !ready.refusals().isEmpty()) {
            entry.put("llm.refused", String.join("; ", ready.refusals()));
        }
        return entry;
    }

    private static void injectFields(Class<?> type, Object instance, ClientOutcome.Ready ready) {
        boolean statics = instance == null;
        for (Field field : ReflectionSupport.findFields(type,
                f -> AnnotationSupport.isAnnotated(f, InjectLlm.class) && ModifierSupport.isStatic(f) == statics,
                HierarchyTraversalMode.TOP_DOWN)) {
            if (ModifierSupport.isFinal(field)) {
                throw new ExtensionConfigurationException("@InjectLlm field " + describe(field) + " is final; remove final so it can be set");
            }
            if (field.getType() != LlmClient.class && field.getType() != DetectionReport.class) {
                throw new ExtensionConfigurationException("@InjectLlm field " + describe(field) + " has type "
                        + field.getType().getName() + "; use LlmClient or DetectionReport");
            }
            try {
                field.setAccessible(true);
                field.set(instance, valueFor(field.getType(), ready));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ExtensionConfigurationException("cannot set @InjectLlm field " + describe(field) + ": " + e, e);
            }
        }
    }

    private static Object valueFor(Class<?> type, ClientOutcome.Ready ready) {
        if (type == DetectionReport.class) {
            return ready.report().orElseThrow();
        }
        return ready.client();
    }

    private static String describe(Field field) {
        return field.getDeclaringClass().getName() + "." + field.getName();
    }
}
