package io.futurnal.llm.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The models shipped inside this jar. Native code needs real files, so {@link #extractTo(Path)}
 * copies a model out of the jar once into a cache directory and reuses it afterwards. Extraction
 * writes to a temporary file and renames it, so concurrent JVMs never see a half-written model.
 */
public enum BundledModel {

    /** stories260K as one GGUF file, for llama.cpp. */
    STORIES_260K_GGUF("stories260K", "270cba1bd510", List.of("stories260K.gguf"), "stories260K.gguf"),

    /** The same weights as a Hugging Face model directory, for the HF backend. */
    STORIES_260K_HF("stories260K-hf", "8086b49673a0",
            List.of("config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"),
            null);

    private static final String ROOT = "/io/futurnal/llm/models/";

    private final String folder;
    private final String version;
    private final List<String> files;
    private final String mainFile;

    BundledModel(String folder, String version, List<String> files, String mainFile) {
        this.folder = folder;
        this.version = version;
        this.files = files;
        this.mainFile = mainFile;
    }

    /** The registry name of this model ({@code stories260k}). */
    public String modelName() {
        return "stories260k";
    }

    /** The file names this model consists of. */
    public List<String> files() {
        return files;
    }

    /**
     * Extracts the model under {@code cacheDirectory} (if not there already) and returns the
     * GGUF file for {@link #STORIES_260K_GGUF}, or the model directory for {@link #STORIES_260K_HF}.
     *
     * @throws UncheckedIOException when the cache directory cannot be written
     */
    public Path extractTo(Path cacheDirectory) {
        Path dir = cacheDirectory.resolve("bundled-models").resolve(folder + "-" + version);
        try {
            Files.createDirectories(dir);
            for (String file : files) {
                extractFile(file, dir.resolve(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled model " + folder + " to " + dir
                    + "; set FUTURNAL_LLM_CACHE_DIR to a writable directory", e);
        }
        return mainFile == null ? dir : dir.resolve(mainFile);
    }

    private void extractFile(String file, Path target) throws IOException {
        String resource = ROOT + folder + "/" + file;
        long expected = resourceSize(resource);
        if (Files.isRegularFile(target) && Files.size(target) == expected) {
            return;
        }
        Path tmp = Files.createTempFile(target.getParent(), file, ".part");
        try (InputStream in = open(resource)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static long resourceSize(String resource) throws IOException {
        java.net.URL url = BundledModel.class.getResource(resource);
        if (url == null) {
            throw new IOException("resource " + resource + " is missing from futurnal-llm-default-models");
        }
        java.net.URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        long size = connection.getContentLengthLong();
        if (size >= 0) {
            return size;
        }
        try (InputStream in = connection.getInputStream()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = BundledModel.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("resource " + resource + " is missing from futurnal-llm-default-models");
        }
        return in;
    }
}
