package io.futurnal.llm.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class StrictModeTest {
    private static final String ENV = "FUTURNAL_LLM_TEST_STRICT";

    private static boolean strict(Map<String, String> junit, Map<String, String> properties, Map<String, String> env) {
        return StrictMode.isOn(k -> Optional.ofNullable(junit.get(k)), properties::get, env::get);
    }

    @Test
    void offUnlessSomethingTurnsItOn() {
        assertFalse(strict(Map.of(), Map.of(), Map.of()));
    }

    @Test
    void eachSourceCanTurnItOn() {
        assertTrue(strict(Map.of(LlmExtension.STRICT, "true"), Map.of(), Map.of()));
        assertTrue(strict(Map.of(), Map.of(LlmExtension.STRICT, "yes"), Map.of()));
        assertTrue(strict(Map.of(), Map.of(), Map.of(ENV, "1")));
    }

    @Test
    void junitParameterWinsOverPropertyWhichWinsOverEnvironment() {
        assertFalse(strict(Map.of(LlmExtension.STRICT, "false"), Map.of(LlmExtension.STRICT, "true"), Map.of(ENV, "true")));
        assertFalse(strict(Map.of(), Map.of(LlmExtension.STRICT, "off"), Map.of(ENV, "true")));
        assertTrue(strict(Map.of(LlmExtension.STRICT, " "), Map.of(), Map.of(ENV, "on")), "blank counts as unset");
    }

    @Test
    void aMalformedValueNamesItsSource() {
        ExtensionConfigurationException e = assertThrows(ExtensionConfigurationException.class,
                () -> strict(Map.of(), Map.of(), Map.of(ENV, "sometimes")));
        assertTrue(e.getMessage().contains("environment variable FUTURNAL_LLM_TEST_STRICT is 'sometimes'"), e.getMessage());
    }
}
