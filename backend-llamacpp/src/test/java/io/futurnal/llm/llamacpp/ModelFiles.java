package io.futurnal.llm.llamacpp;

import io.futurnal.llm.models.BundledModel;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The GGUF files the tests use. */
final class ModelFiles {

    private ModelFiles() {
    }

    static Path cacheDir() {
        return Path.of(System.getProperty("futurnal.llm.cache.dir", "target/futurnal-cache")).toAbsolutePath();
    }

    /** The bundled stories260K, extracted into the test cache. */
    static Path stories() {
        return BundledModel.STORIES_260K_GGUF.extractTo(cacheDir());
    }

    /** llama-2-tiny-random.gguf from the test resources. */
    static Path tinyRandom() {
        try {
            return Path.of(ModelFiles.class.getResource("/models/llama-2-tiny-random.gguf").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
