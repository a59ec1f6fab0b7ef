package io.futurnal.llm.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the GGUF weights of a model that Ollama has already pulled: its manifest under
 * {@code manifests/<host>/<namespace>/<model>/<tag>} names the model layer, stored as
 * {@code blobs/sha256-<hex>}. A model pulled once then serves both backends.
 */
final class OllamaBlobs {

    private static final String DEFAULT_HOST = "registry.ollama.ai";
    private static final String DEFAULT_NAMESPACE = "library";
    private static final String MODEL_LAYER = "application/vnd.ollama.image.model";
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(:[0-9]+)?");
    private static final Pattern DIGEST = Pattern.compile("sha256[:-]([0-9a-f]{64})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private OllamaBlobs() {
    }

    /**
     * The blob holding the weights of {@code tag} (e.g. {@code llama3.1:8b}) in the store at
     * {@code root}, adding the manifest path to {@code tried}.
     */
    static Optional<Path> find(Path root, String tag, List<String> tried) {
        Optional<Path> manifest = manifestPath(root, tag);
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        tried.add("Ollama manifest " + manifest.get());
        if (!Files.isRegularFile(manifest.get())) {
            return Optional.empty();
        }
        try {
            JsonNode layers = JSON.readTree(manifest.get().toFile()).path("layers");
            for (JsonNode layer : layers) {
                if (MODEL_LAYER.equals(layer.path("mediaType").asText())) {
                    var digest = DIGEST.matcher(layer.path("digest").asText());
                    if (digest.matches()) {
                        Path blob = root.resolve("blobs").resolve("sha256-" + digest.group(1));
                        return Files.isRegularFile(blob) ? Optional.of(blob) : Optional.empty();
                    }
                }
            }
        } catch (IOException e) {
            tried.add("(unreadable manifest: " + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /** The manifest file for a tag, or empty when the tag is not a plain Ollama name. */
    static Optional<Path> manifestPath(Path root, String tag) {
        String name = tag.trim();
        String version = "latest";
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            version = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        String[] parts = name.split("/", -1);
        String host = DEFAULT_HOST;
        String namespace = DEFAULT_NAMESPACE;
        String model;
        switch (parts.length) {
            case 1 -> model = parts[0];
            case 2 -> {
                namespace = parts[0];
                model = parts[1];
            }
            case 3 -> {
                host = parts[0];
                namespace = parts[1];
                model = parts[2];
            }
            default -> {
                return Optional.empty();
            }
        }
        for (String part : List.of(host, namespace, model, version)) {
            if (!PART.matcher(part).matches() || part.contains("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(root.resolve("manifests").resolve(host).resolve(namespace).resolve(model).resolve(version));
    }
}
