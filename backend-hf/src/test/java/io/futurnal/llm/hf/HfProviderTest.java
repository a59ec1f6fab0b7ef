package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The provider as the library sees it: discovery, names, and a cheap probe. */
class HfProviderTest {

    @Test
    void isFoundThroughServiceLoader() {
        LlmBackendProvider hf = ServiceLoader.load(LlmBackendProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("hf")).findFirst().orElseThrow();
        assertEquals(10, hf.priority());
        assertEquals(Set.of("huggingface", "djl"), hf.aliases());
        assertTrue(hf instanceof HfProvider);
    }

    @Test
    void probeOfTheBundledModelIsAvailableAndQuick() {
        HfProvider provider = new HfProvider();
        provider.probe(TestModels.config(Map.of()));
        long start = System.nanoTime();
        ProbeResult probe = provider.probe(TestModels.config(Map.of()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(probe.available(), probe.reason());
        assertTrue(probe.reason().contains("stories260k") && probe.reason().contains("LlamaForCausalLM"), probe.reason());
        assertTrue(millis < 500, "probe took " + millis + " ms");
    }

    @Test
    void nativePiecesAreOnTheTestClasspath() {
        assertEquals(java.util.List.of(), DjlRuntime.missingPieces());
        assertTrue(DjlRuntime.platformClassifier().isPresent());
    }

    @Test
    void probeOfAnUncachedModelListsWhereItLooked() {
        ProbeResult probe = new HfProvider().probe(TestModels.config(Map.of(LlmConfig.MODEL, "qwen2.5-0.5b",
                HfSettings.HUB_CACHE.name(), "/nonexistent/hub")));
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("Qwen/Qwen2.5-0.5B-Instruct"), probe.reason());
        assertTrue(probe.reason().contains("/nonexistent/hub/models--Qwen--Qwen2.5-0.5B-Instruct"), probe.reason());
    }
}
