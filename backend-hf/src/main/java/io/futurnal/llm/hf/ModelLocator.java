package io.futurnal.llm.hf;

import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelEntry;
import io.futurnal.llm.ModelRegistry;
import io.futurnal.llm.models.BundledModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the Hugging Face model directory to run: an explicit directory, a configured path, the
 * local Hugging Face hub cache, or the bundled stories260K model. Never downloads anything.
 */
final class ModelLocator {

    static final List<String> WEIGHT_FILES = List.of("model.safetensors", "model.safetensors.index.json");

    private ModelLocator() {
    }

    /**
     * Where the model was found, or why not.
     *
     * @param directory the model directory, when one resolved and holds the required files
     * @param name      the model name to report ({@code stories260k}, an HF id or a path)
     * @param source    how it was found, for messages
     * @param tried     every directory looked at, in order
     * @param problem   what is missing, when {@code directory} is empty
     */
    record Location(Optional<Path> directory, String name, String source, List<Path> tried, String problem) {

        boolean found() {
            return directory.isPresent();
        }

        /** One line for probe reasons and errors. */
        String describe() {
            if (found()) {
                return name + " from " + source + " (" + directory.get() + ")";
            }
            return problem + (tried.isEmpty() ? "" : "; tried: " + tried);
        }
    }

    /** Resolves the model for {@code config}. Cheap: only file-system checks and, at most, extracting the bundled model. */
    static Location locate(LlmConfig config) {
        List<Path> tried = new ArrayList<>();
        Optional<Path> explicit = config.find(HfSettings.MODEL_DIR);
        if (explicit.isPresent()) {
            return checked(explicit.get(), explicit.get().toString(), config.describe(HfSettings.MODEL_DIR), tried);
        }
        Optional<String> model = config.model();
        if (model.isEmpty() || isBundled(config.modelRegistry(), model.get())) {
            return bundled(config, tried);
        }
        String requested = model.get();
        Optional<Path> asPath = asDirectory(requested);
        if (asPath.isPresent()) {
            return checked(asPath.get(), requested, config.describe(LlmConfig.MODEL), tried);
        }
        String hfId = config.modelRegistry().nameOrSelf(requested, "hf");
        Path hub = hubCache(config);
        Path repo = hub.resolve("models--" + hfId.replace("/", "--"));
        Optional<Path> snapshot = snapshot(repo, tried);
        if (snapshot.isEmpty()) {
            return new Location(Optional.empty(), hfId, "", List.copyOf(tried),
                    "model '" + requested + "' (Hugging Face id " + hfId + ") is not in the local Hugging Face cache "
                            + hub + " (set HF_HUB_CACHE or HF_HOME, or FUTURNAL_HF_MODEL_DIR to a model directory;"
                            + " this backend never downloads)");
        }
        return checked(snapshot.get(), hfId, "the Hugging Face cache", tried);
    }

    /** The hub cache: {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}. */
    static Path hubCache(LlmConfig config) {
        Optional<Path> hubCache = config.find(HfSettings.HUB_CACHE);
        if (hubCache.isPresent()) {
            return hubCache.get();
        }
        return config.find(HfSettings.HF_HOME)
                .map(home -> home.resolve("hub"))
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub"));
    }

    /** The files a model directory lacks, empty when it is complete. */
    static List<String> missingFiles(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String file : List.of("config.json", "tokenizer.json")) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                missing.add(file);
            }
        }
        if (WEIGHT_FILES.stream().noneMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            missing.add("model.safetensors (or model.safetensors.index.json)");
        }
        return missing;
    }

    private static boolean isBundled(ModelRegistry registry, String model) {
        return registry.find(model).map(ModelEntry::name)
                .filter(name -> name.equalsIgnoreCase(ModelRegistry.FAST_MODEL)).isPresent();
    }

    private static Location bundled(LlmConfig config, List<Path> tried) {
        Path dir = BundledModel.STORIES_260K_HF.extractTo(config.cacheDirectory());
        return checked(dir, ModelRegistry.FAST_MODEL, "the bundled model", tried);
    }

    private static Location checked(Path dir, String name, String source, List<Path> tried) {
        tried.add(dir);
        if (!Files.isDirectory(dir)) {
            return new Location(Optional.empty(), name, source, List.copyOf(tried),
                    "the model directory " + dir + " given by " + source + " does not exist or is not a directory");
        }
        List<String> missing = missingFiles(dir);
        if (!missing.isEmpty()) {
            return new Location(Optional.empty(), name, source, List.copyOf(tried),
                    "the model directory " + dir + " lacks " + String.join(", ", missing));
        }
        return new Location(Optional.of(dir), name, source, List.copyOf(tried), "");
    }

    private static Optional<Path> asDirectory(String model) {
        try {
            String expanded = model.equals("~") || model.startsWith("~/")
                    ? System.getProperty("user.home") + model.substring(1) : model;
            Path p = Path.of(expanded);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The snapshot named by {@code refs/main}, or the only snapshot when that ref is missing. */
    private static Optional<Path> snapshot(Path repo, List<Path> tried) {
        Path snapshots = repo.resolve("snapshots");
        Path ref = repo.resolve("refs").resolve("main");
        if (Files.isRegularFile(ref)) {
            try {
                String revision = Files.readString(ref, StandardCharsets.UTF_8).trim();
                if (!revision.isEmpty() && !revision.contains("/") && !revision.contains("\\")) {
                    Path dir = snapshots.resolve(revision);
                    if (Files.isDirectory(dir)) {
                        return Optional.of(dir);
                    }
                    tried.add(dir);
                }
            } catch (IOException e) {
                tried.add(ref);
            }
        }
        if (!Files.isDirectory(snapshots)) {
            tried.add(snapshots);
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(snapshots)) {
            List<Path> dirs = children.filter(Files::isDirectory).sorted().toList();
            if (dirs.size() == 1) {
                return Optional.of(dirs.get(0));
            }
            tried.add(snapshots);
            return Optional.empty();
        } catch (IOException e) {
            tried.add(snapshots);
            return Optional.empty();
        }
    }
}
