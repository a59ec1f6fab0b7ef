package io.futurnal.llm.testing;

import io.futurnal.llm.Capability;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ModifierSupport;

/**
 * The {@link LlmTest} settings in force for one test class.
 *
 * @param backend  the backend override, empty to follow the configuration
 * @param model    the model override, empty to follow the configuration
 * @param fast     whether the fast model was asked for
 * @param requires capabilities the class needs
 * @param scope    who shares the client
 * @param source   the class that carries the annotation (the class itself, an enclosing class, or
 *                 the test class when the extension was registered without the annotation)
 */
record LlmTestSettings(String backend, String model, boolean fast, Set<Capability> requires, LlmScope scope, Class<?> source) {

    LlmTestSettings {
        requires = requires.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(requires));
    }

    /**
     * The detection deadline tests get when none is configured. A cold JVM on a busy CI machine can
     * need several seconds for the first probes (class loading, extracting native libraries and the
     * bundled model), and a test run detects once, so a spurious skip costs far more than the wait.
     */
    static final Duration TEST_DETECT_TIMEOUT = Duration.ofSeconds(10);

    /** {@code config} with the test defaults filled in where the user set nothing. */
    static LlmConfig withTestDefaults(LlmConfig config) {
        if (config.get(LlmConfig.DETECT_TIMEOUT).isPresent()) {
            return config;
        }
        return config.toBuilder().detectTimeout(TEST_DETECT_TIMEOUT).build();
    }

    /** The settings of {@code testClass}, searching enclosing classes of {@code @Nested} classes. */
    static LlmTestSettings forClass(Class<?> testClass) {
        Class<?> current = testClass;
        while (current != null) {
            Optional<LlmTest> found = AnnotationSupport.findAnnotation(current, LlmTest.class);
            if (found.isPresent()) {
                return of(found.get(), current);
            }
            boolean inner = current.isMemberClass() && ModifierSupport.isNotStatic(current);
            current = inner ? current.getEnclosingClass() : null;
        }
        return new LlmTestSettings("", "", false, Set.of(), LlmScope.SHARED, testClass);
    }

    private static LlmTestSettings of(LlmTest a, Class<?> source) {
        Set<Capability> requires = a.requires().length == 0 ? Set.of() : Set.of(a.requires());
        return new LlmTestSettings(a.backend().trim(), a.model().trim(), a.fast(), requires, a.scope(), source);
    }

    /**
     * The configuration for these settings: {@code base} with the annotation's overrides.
     *
     * @throws ExtensionConfigurationException when the annotation's values are contradictory or malformed
     */
    LlmConfig apply(LlmConfig base) {
        if (fast && !model.isEmpty()) {
            throw new ExtensionConfigurationException("@LlmTest on " + source.getName() + " sets both fast = true and model = \""
                    + model + "\"; fast means the model " + ModelRegistry.FAST_MODEL + ", so set only one of them");
        }
        LlmConfig.Builder builder = base.toBuilder();
        if (!backend.isEmpty()) {
            builder.backend(backend);
        }
        if (fast) {
            builder.model(ModelRegistry.FAST_MODEL);
        } else if (!model.isEmpty()) {
            builder.model(model);
        }
        try {
            return builder.build();
        } catch (ConfigurationException e) {
            throw new ExtensionConfigurationException("@LlmTest on " + source.getName() + " is invalid: " + e.getMessage(), e);
        }
    }

    /** How the annotation reads, for messages. */
    String describe() {
        StringBuilder sb = new StringBuilder("@LlmTest(");
        sb.append("backend=").append(backend.isEmpty() ? "(config)" : backend);
        sb.append(", model=").append(fast ? "fast" : model.isEmpty() ? "(config)" : model);
        if (!requires.isEmpty()) {
            sb.append(", requires=").append(EnumSet.copyOf(requires));
        }
        sb.append(", scope=").append(scope).append(')');
        return sb.toString();
    }
}
