package io.futurnal.llm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.Capability;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelRegistry;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class LlmTestSettingsTest {
    /** Configuration as if FUTURNAL_LLM_BACKEND=ollama and FUTURNAL_PRODUCTION_LLM=llama3.1 were exported. */
    private static final LlmConfig ENV = LlmConfig.builder().systemProperties(Map.of())
            .environment(Map.of("FUTURNAL_LLM_BACKEND", "ollama", "FUTURNAL_PRODUCTION_LLM", "llama3.1")).build();

    @LlmTest
    static class Defaults {
    }

    @LlmTest(backend = "llamacpp", fast = true, requires = {Capability.JSON_SCHEMA, Capability.CHAT}, scope = LlmScope.PER_CLASS)
    static class Fast {
    }

    @LlmTest(model = "qwen2.5-0.5b")
    static class Outer {
        class Inner {
        }

        static class StaticMember {
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @LlmTest(backend = "hf")
    @interface HfTest {
    }

    @HfTest
    static class Composed {
    }

    static class Unannotated {
    }

    @LlmTest(backend = "Not A Backend!")
    static class BadBackend {
    }

    @Test
    void emptyAttributesFollowTheConfiguration() {
        LlmConfig config = LlmTestSettings.forClass(Defaults.class).apply(ENV);
        assertEquals("ollama", config.backend());
        assertEquals(Optional.of("llama3.1"), config.model());
    }

    @Test
    void attributesOverrideTheConfiguration() {
        LlmTestSettings settings = LlmTestSettings.forClass(Fast.class);
        LlmConfig config = settings.apply(ENV);
        assertEquals("llamacpp", config.backend());
        assertEquals(Optional.of(ModelRegistry.FAST_MODEL), config.model());
        assertEquals(Set.of(Capability.JSON_SCHEMA, Capability.CHAT), settings.requires());
        assertEquals(LlmScope.PER_CLASS, settings.scope());
        assertEquals("@LlmTest(backend=llamacpp, model=fast, requires=[CHAT, JSON_SCHEMA], scope=PER_CLASS)", settings.describe());
        assertEquals(new ClientKey("llamacpp", "stories260k"), ClientKey.of(config));
    }

    @Test
    void nestedClassesInheritTheEnclosingSettingsButStaticMembersDoNot() {
        LlmTestSettings inner = LlmTestSettings.forClass(Outer.Inner.class);
        assertEquals("qwen2.5-0.5b", inner.model());
        assertEquals(Outer.class, inner.source());
        assertEquals("", LlmTestSettings.forClass(Outer.StaticMember.class).model());
    }

    @Test
    void testsGetALongerDetectionDeadlineUnlessOneIsConfigured() {
        assertEquals(Duration.ofSeconds(3), ENV.detectTimeout(), "the library's own default");
        assertEquals(LlmTestSettings.TEST_DETECT_TIMEOUT, LlmTestSettings.withTestDefaults(ENV).detectTimeout());

        LlmConfig configured = LlmConfig.builder().systemProperties(Map.of())
                .environment(Map.of("FUTURNAL_LLM_DETECT_TIMEOUT", "2s")).build();
        assertEquals(Duration.ofSeconds(2), LlmTestSettings.withTestDefaults(configured).detectTimeout());
    }

    @Test
    void metaAnnotationsWork() {
        assertEquals("hf", LlmTestSettings.forClass(Composed.class).backend());
    }

    @Test
    void withoutTheAnnotationTheDefaultsApply() {
        LlmTestSettings settings = LlmTestSettings.forClass(Unannotated.class);
        assertEquals(LlmScope.SHARED, settings.scope());
        assertEquals("ollama", settings.apply(ENV).backend());
    }

    @Test
    void aMalformedBackendIsTheAnnotationsFault() {
        ExtensionConfigurationException e = assertThrows(ExtensionConfigurationException.class,
                () -> LlmTestSettings.forClass(BadBackend.class).apply(ENV));
        assertTrue(e.getMessage().contains("@LlmTest on " + BadBackend.class.getName() + " is invalid"), e.getMessage());
    }
}
