package io.futurnal.llm.llamacpp;

import de.kherud.llama.args.LogFormat;
import io.futurnal.llm.models.BundledModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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

    /**
     * A copy of the bindings' native library for this machine at {@code target}; empty when the
     * bindings ship none for it.
     */
    static Optional<Path> copyOfBundledLibrary(Path target) throws IOException {
        try (InputStream bundled = LogFormat.class.getResourceAsStream(NativeLibrary.platform().resource())) {
            if (bundled == null) {
                return Optional.empty();
            }
            Files.copy(bundled, target);
            return Optional.of(target);
        }
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
