package io.futurnal.llm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HTTP keys moved here from LlmConfig keep their defaults and their messages. */
class HttpSettingsKeysTest {

    private static HttpSettings settings(String... env) {
        Map<String, String> vars = new java.util.HashMap<>();
        for (int i = 0; i < env.length; i += 2) {
            vars.put(env[i], env[i + 1]);
        }
        LlmConfig config = LlmConfig.builder().environment(vars).systemProperties(Map.of()).build();
        return HttpSettings.fromConfig(config, URI.create("http://127.0.0.1:1"), Optional.empty());
    }

    @Test
    void defaults() {
        HttpSettings s = settings();
        assertEquals(Duration.ofSeconds(10), s.connectTimeout().value());
        assertEquals(Duration.ofMinutes(5), s.readTimeout().value());
        assertEquals(32, s.maxConnections());
        assertEquals(2, s.retry().maxRetries());
        assertEquals(Duration.ofMillis(500), s.retry().initialBackoff());
    }

    @Test
    void aNegativeTimeoutNamesTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> settings("FUTURNAL_LLM_READ_TIMEOUT", "-5s"));
        assertTrue(e.getMessage().contains("FUTURNAL_LLM_READ_TIMEOUT"), e.getMessage());
        assertTrue(e.getMessage().contains("must not be negative"), e.getMessage());
    }

    @Test
    void aMalformedDurationListsTheAcceptedForms() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> settings("FUTURNAL_LLM_CONNECT_TIMEOUT", "soon"));
        assertTrue(e.getMessage().contains("500ms, 30s, 5m"), e.getMessage());
        assertEquals("environment variable FUTURNAL_LLM_CONNECT_TIMEOUT", settings("FUTURNAL_LLM_CONNECT_TIMEOUT", "2s")
                .connectTimeout().source());
    }

    @Test
    void everyHttpKeyIsListed() {
        assertEquals(5, HttpSettings.configKeys().size());
        assertTrue(HttpSettings.configKeys().contains(HttpSettings.MAX_CONNECTIONS));
    }
}
