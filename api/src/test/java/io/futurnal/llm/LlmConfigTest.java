package io.futurnal.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LlmConfigTest {

    @Test
    void defaultsWhenNothingIsSet() {
        LlmConfig config = TestConfigs.withEnv().build();
        assertEquals("auto", config.backend());
        assertTrue(config.isAuto());
        assertEquals(Optional.empty(), config.model());
        assertEquals(Duration.ofMillis(500), config.probeTimeout());
        assertEquals(Duration.ofSeconds(3), config.detectTimeout());
        assertEquals(Optional.empty(), config.requestTimeout(), "no total timeout unless asked for");
        assertFalse(config.fallback());
    }

    @Test
    void builderBeatsSystemPropertyBeatsEnvironment() {
        Map<String, String> env = Map.of("FUTURNAL_LLM_BACKEND", "from-env", "FUTURNAL_PRODUCTION_LLM", "env-model",
                "OLLAMA_HOST", "env-host");
        Map<String, String> props = Map.of("futurnal.llm.backend", "from-prop");
        LlmConfig envOnly = LlmConfig.builder().environment(env).systemProperties(Map.of()).build();
        assertEquals("from-env", envOnly.backend());
        LlmConfig withProp = LlmConfig.builder().environment(env).systemProperties(props).build();
        assertEquals("from-prop", withProp.backend());
        assertEquals(Optional.of("env-model"), withProp.model());
        LlmConfig withBuilder = LlmConfig.builder().environment(env).systemProperties(props).backend("from-builder").build();
        assertEquals("from-builder", withBuilder.backend());
        assertEquals("builder setting futurnal.llm.backend", withBuilder.describe(LlmConfig.BACKEND));
        assertEquals("environment variable OLLAMA_HOST", withBuilder.describe("ollama.host"));
        assertEquals(Optional.of("env-host"), withBuilder.get("ollama.host"));
    }

    @Test
    void blankValuesCountAsUnset() {
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", "  ", "FUTURNAL_PRODUCTION_LLM", "").build();
        assertEquals("auto", config.backend());
        assertEquals(Optional.empty(), config.model());
    }

    @Test
    void backendIdsAreCaseInsensitive() {
        assertEquals("ollama", TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", " Ollama ").build().backend());
    }

    @ParameterizedTest
    @CsvSource({"500ms,500", "2s,2000", "1.5s,1500", "3,3000", "1m,60000", "PT0.25S,250", "pt2s,2000"})
    void durationsInEveryDocumentedForm(String text, long millis) {
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_PROBE_TIMEOUT", text).build();
        assertEquals(Duration.ofMillis(millis), config.probeTimeout());
    }

    @Test
    void aNegativeTimeoutFailsAtStartupNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TestConfigs.withEnv("FUTURNAL_LLM_REQUEST_TIMEOUT", "-5s").build());
        assertTrue(e.getMessage().contains("FUTURNAL_LLM_REQUEST_TIMEOUT"), e.getMessage());
        assertTrue(e.getMessage().contains("must not be negative"), e.getMessage());
    }

    @Test
    void aMalformedDurationListsTheAcceptedForms() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TestConfigs.withEnv("FUTURNAL_LLM_DETECT_TIMEOUT", "soon").build());
        assertTrue(e.getMessage().contains("500ms, 30s, 5m"), e.getMessage());
    }

    @Test
    void aZeroProbeTimeoutIsRejectedButAZeroRequestTimeoutMeansNone() {
        assertThrows(ConfigurationException.class, () -> TestConfigs.withEnv("FUTURNAL_LLM_PROBE_TIMEOUT", "0").build());
        assertEquals(Optional.empty(), TestConfigs.withEnv("FUTURNAL_LLM_REQUEST_TIMEOUT", "0").build().requestTimeout());
        assertEquals(Optional.of(Duration.ofMinutes(2)),
                TestConfigs.withEnv("FUTURNAL_LLM_REQUEST_TIMEOUT", "2m").build().requestTimeout());
    }

    @Test
    void aMalformedBackendValueListsTheChoices() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", "ollama;rm").build());
        assertTrue(e.getMessage().contains("use 'auto' or a backend id"), e.getMessage());
    }

    @Test
    void typedGettersExplainBadValues() {
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLAMACPP_THREADS", "many", "OTHER_FLAG", "maybe",
                "OPENAI_BASE_URL", "localhost:8000").build();
        ConfigurationException ints = assertThrows(ConfigurationException.class,
                () -> config.getInt("futurnal.llamacpp.threads", 2, 1, 512));
        assertTrue(ints.getMessage().contains("from 1 to 512"), ints.getMessage());
        assertThrows(ConfigurationException.class, () -> config.getBoolean("other.flag", false));
        ConfigurationException atStartup = assertThrows(ConfigurationException.class,
                () -> TestConfigs.withEnv("FUTURNAL_LLM_FALLBACK", "maybe").build());
        assertTrue(atStartup.getMessage().contains("use true or false"), atStartup.getMessage());
        ConfigurationException url = assertThrows(ConfigurationException.class, () -> config.getHttpUrl("openai.base.url"));
        assertTrue(url.getMessage().contains("OPENAI_BASE_URL"), url.getMessage());
    }

    @Test
    void booleanAndUrlAndPathForms() {
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_FALLBACK", "yes", "OPENAI_BASE_URL", "http://127.0.0.1:8000/v1",
                "FUTURNAL_LLM_CACHE_DIR", "~/cache-here").build();
        assertTrue(config.fallback());
        assertEquals("127.0.0.1", config.getHttpUrl("openai.base.url").orElseThrow().getHost());
        assertEquals(Path.of(System.getProperty("user.home"), "cache-here"), config.cacheDirectory());
    }

    @Test
    void aUrlWithUserInformationIsRefusedWithoutRepeatingIt() {
        for (String url : new String[] {"http://admin:s3cret@127.0.0.1:8000/v1", "https://s3cret@host/v1", "http://a:s3cret/x@h/v1"}) {
            LlmConfig config = TestConfigs.withEnv("OPENAI_BASE_URL", url).build();
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> config.getHttpUrl("openai.base.url"));
            assertTrue(e.getMessage().contains("OPENAI_BASE_URL") && e.getMessage().contains("user information"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        }
    }

    @Test
    void theCacheDirectoryFollowsXdg() {
        assertEquals(Path.of("/tmp/xdg/futurnal-llm"), TestConfigs.withEnv("XDG_CACHE_HOME", "/tmp/xdg").build().cacheDirectory());
    }

    @Test
    void aMissingModelsFileFailsAtStartup() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TestConfigs.withEnv("FUTURNAL_LLM_MODELS_FILE", "/nonexistent/models.json").build());
        assertTrue(e.getMessage().contains("FUTURNAL_LLM_MODELS_FILE"), e.getMessage());
    }

    @Test
    void toBuilderKeepsSourcesAndOverrides() {
        LlmConfig first = TestConfigs.withEnv("OLLAMA_HOST", "h:1").model("m").build();
        LlmConfig second = first.toBuilder().backend("ollama").build();
        assertEquals(Optional.of("m"), second.model());
        assertEquals(Optional.of("h:1"), second.get("ollama.host"));
        assertEquals("ollama", second.backend());
    }

    @Test
    void environmentNamesAreTheUpperCaseTwin() {
        assertEquals("FUTURNAL_PRODUCTION_LLM", LlmConfig.environmentName(LlmConfig.MODEL));
        assertEquals("HF_HUB_CACHE", LlmConfig.environmentName("hf.hub.cache"));
    }

    @Test
    void aDeclaredKeyReadsItsFallbackKeyAndSaysWhichOneSpoke() {
        ConfigKey<Integer> key = ConfigKey.integer("futurnal.sample.count", 3, 1, 9, "a sample").withFallbacks("sample.count");
        assertEquals(3, TestConfigs.withEnv().build().value(key));
        LlmConfig fromFallback = TestConfigs.withEnv("SAMPLE_COUNT", "4").build();
        assertEquals(4, fromFallback.value(key));
        assertEquals("environment variable SAMPLE_COUNT", fromFallback.describe(key));
        LlmConfig both = TestConfigs.withEnv("SAMPLE_COUNT", "4", "FUTURNAL_SAMPLE_COUNT", "5").build();
        assertEquals(5, both.value(key), "the primary key wins over its fallback");
        assertEquals(6, both.toBuilder().set(key, "6").build().value(key), "the builder wins over the environment");
        ConfigurationException bad = assertThrows(ConfigurationException.class,
                () -> TestConfigs.withEnv("SAMPLE_COUNT", "12").build().value(key));
        assertTrue(bad.getMessage().contains("environment variable SAMPLE_COUNT is '12'; use a whole number from 1 to 9"),
                bad.getMessage());
    }

    @Test
    void everyCoreKeyHasDocumentationAndIsValidatedAtStartup() {
        for (ConfigKey<?> key : CoreKeys.all()) {
            assertFalse(key.documentation().isBlank(), key.name());
        }
        assertTrue(TestConfigs.withEnv().build().toString().contains("futurnal.llm.probe.timeout=PT0.5S"));
    }
}
