package io.futurnal.llm;

import java.util.HashMap;
import java.util.Map;

/** Configurations isolated from the real environment and system properties. */
final class TestConfigs {
    private TestConfigs() {
    }

    /** A builder that sees only the given environment, no system properties. */
    static LlmConfig.Builder withEnv(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return LlmConfig.builder().environment(env).systemProperties(Map.of());
    }
}
