package io.futurnal.llm.testing;

import io.futurnal.llm.LlmConfig;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Reads the strict-mode switch: a JUnit configuration parameter (which JUnit also looks up as a
 * system property and in {@code junit-platform.properties}), then the system property, then the
 * environment variable.
 */
final class StrictMode {

    private StrictMode() {
    }

    static boolean isOn(ExtensionContext context) {
        return isOn(context::getConfigurationParameter, System::getProperty, System::getenv);
    }

    static boolean isOn(Function<String, Optional<String>> junitParameters, Function<String, String> systemProperties,
                        Function<String, String> environment) {
        String key = LlmExtension.STRICT;
        String env = LlmConfig.environmentName(key);
        Optional<String> fromJunit = junitParameters.apply(key).filter(v -> !v.isBlank());
        if (fromJunit.isPresent()) {
            return parse(fromJunit.get(), "JUnit configuration parameter " + key);
        }
        String fromProperty = systemProperties.apply(key);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return parse(fromProperty, "system property " + key);
        }
        String fromEnvironment = environment.apply(env);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return parse(fromEnvironment, "environment variable " + env);
        }
        return false;
    }

    private static boolean parse(String value, String source) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "1": case "on":
                return true;
            case "false": case "no": case "0": case "off":
                return false;
            default:
                throw new ExtensionConfigurationException(source + " is '" + value + "'; use true or false");
        }
    }
}
