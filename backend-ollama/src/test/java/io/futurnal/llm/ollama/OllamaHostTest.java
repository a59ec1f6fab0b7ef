package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** OLLAMA_HOST in every form Ollama's own client accepts. */
class OllamaHostTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                              | http://127.0.0.1:11434",
            "'   '                           | http://127.0.0.1:11434",
            "localhost                       | http://localhost:11434",
            "example.internal                | http://example.internal:11434",
            "10.0.0.7                        | http://10.0.0.7:11434",
            "10.0.0.7:8080                   | http://10.0.0.7:8080",
            ":11435                          | http://127.0.0.1:11435",
            "0.0.0.0                         | http://127.0.0.1:11434",
            "0.0.0.0:11434                   | http://127.0.0.1:11434",
            "[::1]:11434                     | http://[::1]:11434",
            "::1                             | http://[::1]:11434",
            "[::]:8000                       | http://[::1]:8000",
            "http://gpu-box                  | http://gpu-box:80",
            "https://gpu-box                 | https://gpu-box:443",
            "http://gpu-box:11434            | http://gpu-box:11434",
            "https://ollama.example.org:8443/proxy/ollama | https://ollama.example.org:8443/proxy/ollama",
            "HTTP://Gpu-Box:9000             | http://Gpu-Box:9000",
            "ollama.com                      | https://ollama.com:443",
            "  127.0.0.1:11434               | http://127.0.0.1:11434",
    })
    void parsesLikeOllama(String raw, String expected) {
        assertEquals(expected, OllamaHost.parse(raw, "OLLAMA_HOST").toString());
    }

    @ParameterizedTest(name = "{0} is rejected")
    @CsvSource(delimiter = '|', value = {
            "ftp://gpu-box",
            "unix:///var/run/ollama.sock",
            "gpu box:11434",
            "gpu-box:notaport",
            "gpu-box:70000",
            "127.0.0.1:99999",
            "127.0.0.1:abc",
            "https://gpu-box:99999",
            "127.0.0.1:0",
            "gpu_box!:11434",
    })
    void rejectsWhatCannotBeAnAddressAndListsTheValidForms(String raw) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> OllamaHost.parse(raw, "environment variable OLLAMA_HOST"));
        assertTrue(e.getMessage().startsWith("environment variable OLLAMA_HOST is '" + raw + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(OllamaHost.FORMS), e.getMessage());
    }

    @Test
    void readsTheEnvironmentVariableThroughTheConfiguration() {
        LlmConfig config = TestConfigs.isolated().environment(Map.of("OLLAMA_HOST", "gpu-box:1234")).build();
        assertEquals("http://gpu-box:1234", OllamaSettings.from(config).baseUri().toString());
        LlmConfig bad = TestConfigs.isolated().environment(Map.of("OLLAMA_HOST", "ftp://x")).build();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> OllamaSettings.from(bad));
        assertTrue(e.getMessage().startsWith("environment variable OLLAMA_HOST"), e.getMessage());
        LlmConfig property = TestConfigs.isolated().environment(Map.of("OLLAMA_HOST", "a:1"))
                .systemProperties(Map.of("ollama.host", "b:2")).build();
        assertEquals("http://b:2", OllamaSettings.from(property).baseUri().toString(), "a system property wins");
    }

    @ParameterizedTest(name = "{0} is refused without repeating it")
    @CsvSource(delimiter = '|', value = {
            "http://alice:s3cret-pw@gpu-box:11434",
            "alice:s3cret-pw@gpu-box",
            "https://alice:s3cret/pw@gpu-box/x",
            "http://s3cret-pw@gpu-box",
    })
    void userInformationIsRefusedAndNeverRepeated(String raw) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> OllamaHost.parse(raw, "OLLAMA_HOST"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("OLLAMA_HOST") && e.getMessage().contains("user information"), e.getMessage());
    }
}
