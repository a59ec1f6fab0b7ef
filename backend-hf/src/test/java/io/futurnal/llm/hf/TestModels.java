package io.futurnal.llm.hf;

import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.models.BundledModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** The shipped stories260K model and clients on it, shared by the test classes of one JVM. */
final class TestModels {

    /** The known greedy continuation of "Once upon a time" (llama.cpp gives the same). */
    static final String ONCE_UPON_A_TIME = ", there was a little girl named Lily. She loved to play outside in the park.";

    private static HfClient shared;

    private TestModels() {
    }

    /** Configuration from the test JVM's properties (the cache directory under target/) with a clean environment. */
    static LlmConfig config(Map<String, String> settings) {
        LlmConfig.Builder b = LlmConfig.builder().environment(Map.of()).backend("hf");
        settings.forEach(b::set);
        return b.build();
    }

    /** The bundled stories260K HF directory, extracted into the test cache. */
    static Path bundledDirectory() {
        return BundledModel.STORIES_260K_HF.extractTo(config(Map.of()).cacheDirectory());
    }

    /** One client on the bundled model for the whole test JVM; never close it. */
    static synchronized HfClient shared() {
        if (shared == null) {
            shared = (HfClient) new HfProvider().create(config(Map.of()));
        }
        return shared;
    }

    /** A client on the model in {@code dir}; the caller closes it. */
    static HfClient open(Path dir) {
        return (HfClient) new HfProvider().create(config(Map.of(HfSettings.MODEL_DIR.name(), dir.toString())));
    }

    /** Copies the small files of the bundled model (everything but the weights) into {@code target}. */
    static void copyMetadata(Path target) {
        try {
            Files.createDirectories(target);
            for (String file : new String[] {"config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json"}) {
                Files.copy(bundledDirectory().resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the whole bundled model into {@code target}. */
    static Path copyAll(Path target) {
        copyMetadata(target);
        try {
            Files.copy(bundledDirectory().resolve("model.safetensors"), target.resolve("model.safetensors"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
