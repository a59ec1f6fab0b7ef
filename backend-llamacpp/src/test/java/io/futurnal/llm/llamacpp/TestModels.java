package io.futurnal.llm.llamacpp;

import io.futurnal.llm.LlmConfig;
import java.util.Map;

/** The models and configuration the tests share. */
final class TestModels {

    private TestModels() {
    }

    /** A configuration that ignores the real environment and system properties, with 2 threads. */
    static LlmConfig.Builder config() {
        return LlmConfig.builder()
                .environment(Map.of())
                .systemProperties(Map.of())
                .cacheDirectory(ModelFiles.cacheDir())
                .set(LlamaCppSettings.THREADS.name(), "2")
                .set(LlamaCppSettings.EXIT_GUARD.name(), "false");
    }

    static LlamaCppClient open(LlmConfig config) {
        return (LlamaCppClient) new LlamaCppProvider().create(config);
    }

    static LlamaCppClient openStories() {
        return open(config().build());
    }

    static LlamaCppClient openTinyRandom() {
        return open(config().set(LlamaCppSettings.MODEL.name(), ModelFiles.tinyRandom().toString()).build());
    }
}
