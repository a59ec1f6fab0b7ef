package io.futurnal.llm.llamacpp;

import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelEntry;
import io.futurnal.llm.ModelRegistry;
import io.futurnal.llm.models.BundledModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Decides which GGUF file serves a configuration, in this order: the explicit path
 * ({@link LlamaCppSettings#MODEL}); the configured model when it is itself a {@code .gguf} path;
 * a file in the models directory matching the registry's GGUF name; a blob Ollama has pulled; and,
 * when nothing is configured or the shipped model is asked for, the bundled stories260K.
 *
 * <p>A model that is configured but cannot be found is reported as missing with the places
 * searched; it is never silently replaced by the toy model.
 */
final class ModelResolver {

    private static final int SEARCH_DEPTH = 2;

    private ModelResolver() {
    }

    static ModelLookup resolve(LlmConfig config, LlamaCppSettings settings) {
        List<String> tried = new ArrayList<>();
        if (settings.modelPath().isPresent()) {
            Path path = settings.modelPath().get();
            tried.add(config.describe(LlamaCppSettings.MODEL) + " = " + path);
            // an explicit path is used even when broken, so its validation error reaches the user
            return ModelLookup.found(new ResolvedModel(path, path.getFileName().toString(),
                    config.describe(LlamaCppSettings.MODEL), false), path.toString(), tried);
        }
        Optional<String> configured = config.model();
        if (configured.isEmpty()) {
            return bundled("(none configured)", "the bundled default model (no model configured)", config, tried);
        }
        String name = configured.get();
        if (looksLikePath(name)) {
            Path path;
            try {
                path = Path.of(expandHome(name));
            } catch (java.nio.file.InvalidPathException e) {
                tried.add("'" + name + "' is not a valid path");
                return ModelLookup.missing(name, tried);
            }
            tried.add("the path " + path);
            if (Files.isRegularFile(path)) {
                return ModelLookup.found(new ResolvedModel(path, path.getFileName().toString(),
                        config.describe(LlmConfig.MODEL), false), name, tried);
            }
            return ModelLookup.missing(name, tried);
        }
        ModelRegistry registry = config.modelRegistry();
        Optional<Path> inDir = searchModelsDir(settings.modelsDir(), patternsFor(name, registry), tried);
        if (inDir.isPresent()) {
            return ModelLookup.found(new ResolvedModel(inDir.get(), name, "the models directory " + settings.modelsDir(), false),
                    name, tried);
        }
        Optional<Path> blob = OllamaBlobs.find(settings.ollamaModels(), registry.nameOrSelf(name, LlamaCppSettings.OLLAMA_COLUMN), tried);
        if (blob.isPresent()) {
            return ModelLookup.found(new ResolvedModel(blob.get(), name, "Ollama's model store " + settings.ollamaModels(), false),
                    name, tried);
        }
        boolean wantsBundled = registry.find(name).map(ModelEntry::name)
                .filter(ModelRegistry.FAST_MODEL::equalsIgnoreCase).isPresent();
        if (wantsBundled) {
            return bundled(name, "the bundled default model", config, tried);
        }
        return ModelLookup.missing(name, tried);
    }

    private static ModelLookup bundled(String requested, String source, LlmConfig config, List<String> tried) {
        Path path = BundledModel.STORIES_260K_GGUF.extractTo(config.cacheDirectory());
        tried.add("the bundled model, extracted to " + path);
        return ModelLookup.found(new ResolvedModel(path, BundledModel.STORIES_260K_GGUF.modelName(), source, true),
                requested, tried);
    }

    /** The file-name globs a name may match: the registry's, then the name itself. */
    static List<String> patternsFor(String name, ModelRegistry registry) {
        List<String> patterns = new ArrayList<>();
        registry.nameFor(name, LlamaCppSettings.ID).ifPresent(patterns::add);
        String own = name.toLowerCase(Locale.ROOT).endsWith(".gguf") ? name : name + ".gguf";
        if (!patterns.contains(own)) {
            patterns.add(own);
        }
        return patterns;
    }

    private static Optional<Path> searchModelsDir(Path dir, List<String> patterns, List<String> tried) {
        tried.add("the models directory " + dir + " (" + String.join(", ", patterns) + ")");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> candidates;
        try (Stream<Path> files = Files.find(dir, SEARCH_DEPTH, (p, a) -> a.isRegularFile()
                && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")
                && !p.getFileName().toString().toLowerCase(Locale.ROOT).startsWith("mmproj"))) {
            candidates = files.sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            tried.add("(cannot list " + dir + ": " + e.getMessage() + ")");
            return Optional.empty();
        }
        for (String pattern : patterns) {
            Pattern regex = globToRegex(pattern);
            for (Path candidate : candidates) {
                if (regex.matcher(candidate.getFileName().toString()).matches()) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** A case-insensitive regex for a glob with {@code *} and {@code ?}. */
    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    private static boolean looksLikePath(String name) {
        if (name.startsWith("/") || name.startsWith("./") || name.startsWith("~/")) {
            return true;
        }
        if (!name.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            return false;
        }
        try {
            return name.contains("/") || name.contains("\\") || Files.isRegularFile(Path.of(name));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static String expandHome(String name) {
        return name.equals("~") || name.startsWith("~/") ? System.getProperty("user.home") + name.substring(1) : name;
    }
}
