package io.futurnal.llm.llamacpp;

import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * This backend's configuration keys, read through {@link LlmConfig}'s typed getters so a bad value
 * fails with a {@link ConfigurationException} naming the key.
 *
 * @param modelPath    an explicit GGUF file ({@link #MODEL})
 * @param modelsDir    where GGUF files are searched by name ({@link #MODELS_DIR})
 * @param threads      CPU threads for inference ({@link #THREADS}), empty for the default of {@link #threadsFor}
 * @param contextSize  context length in tokens, 0 for the model's own up to 4096 ({@link #CONTEXT_SIZE})
 * @param gpuLayers    layers to offload to a GPU, empty for llama.cpp's default ({@link #GPU_LAYERS})
 * @param chatTemplate a named llama.cpp chat template to use instead of the model's ({@link #CHAT_TEMPLATE})
 * @param embeddings   whether models load with embeddings enabled ({@link #EMBEDDINGS})
 * @param nativeLog    whether llama.cpp may write its own log to stderr ({@link #LOG})
 * @param exitGuard    whether the JVM is ended once main has returned and only llama.cpp threads remain ({@link #EXIT_GUARD})
 * @param keepLoaded   whether a model stays loaded for reuse after its last client closes ({@link #KEEP_LOADED})
 * @param ollamaModels Ollama's model store, searched for pulled GGUF blobs
 * @param library      the user's own, checked build of the native library ({@link #LIBRARY}), empty for the bundled one
 */
record LlamaCppSettings(
        Optional<Path> modelPath,
        Path modelsDir,
        OptionalInt threads,
        int contextSize,
        OptionalInt gpuLayers,
        Optional<String> chatTemplate,
        boolean embeddings,
        boolean nativeLog,
        boolean exitGuard,
        boolean keepLoaded,
        Path ollamaModels,
        Optional<Path> library) {

    /** The context used when the model's is larger and none is configured, to keep memory modest. */
    static final int DEFAULT_MAX_CONTEXT = 4096;
    static final int MIN_CONTEXT = 64;
    /** Below this many weights a model runs fastest on one thread: synchronising threads costs more than they save. */
    static final long SMALL_MODEL_PARAMETERS = 50_000_000L;
    static final int MAX_CONTEXT = 1 << 21;
    private static final ConfigKey.Parser<Integer> CONTEXT_PARSER = ConfigKey.integerParser(0, MAX_CONTEXT);

    /** The templates llama.cpp b4916 knows by name (without --jinja). */
    static final Set<String> NAMED_TEMPLATES = Set.copyOf(new TreeSet<>(Set.of(
            "chatml", "llama2", "llama2-sys", "llama2-sys-bos", "llama2-sys-strip", "mistral-v1", "mistral-v3",
            "mistral-v3-tekken", "mistral-v7", "phi3", "phi4", "falcon3", "zephyr", "monarch", "gemma", "orion",
            "openchat", "vicuna", "vicuna-orca", "deepseek", "deepseek2", "deepseek3", "command-r", "llama3",
            "chatglm3", "chatglm4", "glmedge", "minicpm", "exaone3", "rwkv-world", "granite", "gigachat", "megrez")));

    /** The provider id, also the model registry's column of GGUF file names or globs. */
    static final String ID = "llamacpp";
    /** The registry column of Ollama tags: a model pulled with Ollama is found in its store by its tag. */
    static final String OLLAMA_COLUMN = "ollama";

    static final ConfigKey<Path> MODEL = ConfigKey.path("futurnal.llamacpp.model",
            "a GGUF file. It wins over everything else");
    static final ConfigKey<Path> MODELS_DIR = ConfigKey.path("futurnal.llamacpp.models.dir",
            "searched for the registry's GGUF name, two levels deep, ignoring case").withDefaultText("<cache>/models");
    /** Ollama's own variable for its model store. */
    static final ConfigKey<Path> OLLAMA_MODELS = ConfigKey.path("ollama.models",
            "Ollama's store: a model you pulled with Ollama runs here too, without a server").withDefaultText("~/.ollama/models");
    static final ConfigKey<Integer> THREADS = ConfigKey.integer("futurnal.llamacpp.threads", 1, 1024, "CPU threads")
            .withDefaultText("1 for models under 50M parameters, else all cores");
    static final ConfigKey<Integer> CONTEXT_SIZE = ConfigKey.of("futurnal.llamacpp.context.size",
            LlamaCppSettings::contextSize, 0, "the context length").withDefaultText("the model's, capped at 4096");
    static final ConfigKey<Integer> GPU_LAYERS = ConfigKey.integer("futurnal.llamacpp.gpu.layers", 0, 100_000,
            "layers to offload to a GPU").withDefaultText("llama.cpp's default");
    static final ConfigKey<String> CHAT_TEMPLATE = ConfigKey.of("futurnal.llamacpp.chat.template",
            LlamaCppSettings::chatTemplate, "a named llama.cpp chat template (`chatml`, `llama3`, …)").withDefaultText("the model's");
    static final ConfigKey<Boolean> EMBEDDINGS = ConfigKey.bool("futurnal.llamacpp.embeddings", false,
            "load the model for embeddings");
    static final ConfigKey<Boolean> LOG = ConfigKey.bool("futurnal.llamacpp.log", false,
            "let llama.cpp write its own log to stderr");
    static final ConfigKey<Boolean> KEEP_LOADED = ConfigKey.bool("futurnal.llamacpp.keep.loaded", true,
            "keep an idle model loaded for the next client (the bindings cannot free a model anyway)");
    static final ConfigKey<Boolean> EXIT_GUARD = ConfigKey.bool("futurnal.llamacpp.exit.guard", true,
            "end the JVM once `main` has returned and only llama.cpp's native thread is left");

    /** The user's own build of the bindings' native library, e.g. one compiled for the CPU at hand; checked by {@link LibraryFile}. */
    static final ConfigKey<Path> LIBRARY = ConfigKey.of("futurnal.llamacpp.library", LibraryFile::check,
            "your own build of the bindings' native library (`libjllama.so`, `jllama.dll`, `libjllama.dylib`) or its directory, "
                    + "loaded instead of the bundled one once it is checked to be a shared library for this OS and CPU architecture")
            .withDefaultText("the bundled de.kherud 4.2.0 build");

    /** Every key of this backend, for {@link LlamaCppProvider#configKeys()}. */
    static final List<ConfigKey<?>> KEYS = List.of(MODEL, MODELS_DIR, OLLAMA_MODELS, THREADS, CONTEXT_SIZE, GPU_LAYERS,
            CHAT_TEMPLATE, EMBEDDINGS, LOG, KEEP_LOADED, EXIT_GUARD, LIBRARY);

    static LlamaCppSettings from(LlmConfig config) {
        Path home = Path.of(System.getProperty("user.home"));
        return new LlamaCppSettings(
                config.find(MODEL),
                config.find(MODELS_DIR).orElse(config.cacheDirectory().resolve("models")),
                config.find(THREADS).map(OptionalInt::of).orElse(OptionalInt.empty()),
                config.value(CONTEXT_SIZE),
                config.find(GPU_LAYERS).map(OptionalInt::of).orElse(OptionalInt.empty()),
                config.find(CHAT_TEMPLATE),
                config.value(EMBEDDINGS),
                config.value(LOG),
                config.value(EXIT_GUARD),
                config.value(KEEP_LOADED),
                config.find(OLLAMA_MODELS).orElse(home.resolve(".ollama").resolve("models")),
                config.find(LIBRARY));
    }

    /**
     * The threads to load a model with: the configured number, or else one thread for a small model
     * (under {@link #SMALL_MODEL_PARAMETERS} weights, such as the bundled one) and every available
     * processor for a larger one.
     */
    int threadsFor(GgufHeader header) {
        if (threads.isPresent()) {
            return threads.getAsInt();
        }
        return header.parameterCount() < SMALL_MODEL_PARAMETERS ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** The context to load a model with: the configured one, or the model's own capped at {@link #DEFAULT_MAX_CONTEXT}. */
    int contextFor(GgufHeader header) {
        if (contextSize > 0) {
            return contextSize;
        }
        long trained = header.contextLength();
        return trained <= 0 ? DEFAULT_MAX_CONTEXT : (int) Math.min(trained, DEFAULT_MAX_CONTEXT);
    }

    private static int contextSize(String text, String source) {
        int context = CONTEXT_PARSER.parse(text, source);
        if (context != 0 && context < MIN_CONTEXT) {
            throw new ConfigurationException(source + " is " + context
                    + "; use 0 (the model's own, up to " + DEFAULT_MAX_CONTEXT + ") or at least " + MIN_CONTEXT + " tokens");
        }
        return context;
    }

    private static String chatTemplate(String text, String source) {
        String raw = text.trim();
        String name = raw.toLowerCase(Locale.ROOT);
        if (!NAMED_TEMPLATES.contains(name)) {
            // an unknown template makes llama.cpp 4.2.0 abort the process, so only names it knows pass
            throw new ConfigurationException(source + " is '" + shorten(raw)
                    + "'; use one of the templates llama.cpp knows by name: " + String.join(", ", new TreeSet<>(NAMED_TEMPLATES)));
        }
        return name;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
