package io.futurnal.llm.llamacpp;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import java.nio.file.Path;
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
        Path ollamaModels) {

    static final String MODEL = "futurnal.llamacpp.model";
    static final String MODELS_DIR = "futurnal.llamacpp.models.dir";
    static final String THREADS = "futurnal.llamacpp.threads";
    static final String CONTEXT_SIZE = "futurnal.llamacpp.context.size";
    static final String GPU_LAYERS = "futurnal.llamacpp.gpu.layers";
    static final String CHAT_TEMPLATE = "futurnal.llamacpp.chat.template";
    static final String EMBEDDINGS = "futurnal.llamacpp.embeddings";
    static final String LOG = "futurnal.llamacpp.log";
    static final String EXIT_GUARD = "futurnal.llamacpp.exit.guard";
    static final String KEEP_LOADED = "futurnal.llamacpp.keep.loaded";
    /** Ollama's own variable for its model store. */
    static final String OLLAMA_MODELS = "ollama.models";

    /** The context used when the model's is larger and none is configured, to keep memory modest. */
    static final int DEFAULT_MAX_CONTEXT = 4096;
    static final int MIN_CONTEXT = 64;
    /** Below this many weights a model runs fastest on one thread: synchronising threads costs more than they save. */
    static final long SMALL_MODEL_PARAMETERS = 50_000_000L;
    static final int MAX_CONTEXT = 1 << 21;

    /** The templates llama.cpp b4916 knows by name (without --jinja). */
    static final Set<String> NAMED_TEMPLATES = Set.copyOf(new TreeSet<>(Set.of(
            "chatml", "llama2", "llama2-sys", "llama2-sys-bos", "llama2-sys-strip", "mistral-v1", "mistral-v3",
            "mistral-v3-tekken", "mistral-v7", "phi3", "phi4", "falcon3", "zephyr", "monarch", "gemma", "orion",
            "openchat", "vicuna", "vicuna-orca", "deepseek", "deepseek2", "deepseek3", "command-r", "llama3",
            "chatglm3", "chatglm4", "glmedge", "minicpm", "exaone3", "rwkv-world", "granite", "gigachat", "megrez")));

    static LlamaCppSettings from(LlmConfig config) {
        int context = config.getInt(CONTEXT_SIZE, 0, 0, MAX_CONTEXT);
        if (context != 0 && context < MIN_CONTEXT) {
            throw new ConfigurationException(config.describe(CONTEXT_SIZE) + " is " + context
                    + "; use 0 (the model's own, up to " + DEFAULT_MAX_CONTEXT + ") or at least " + MIN_CONTEXT + " tokens");
        }
        OptionalInt gpuLayers = config.get(GPU_LAYERS).isPresent()
                ? OptionalInt.of(config.getInt(GPU_LAYERS, 0, 0, 100_000)) : OptionalInt.empty();
        Path home = Path.of(System.getProperty("user.home"));
        return new LlamaCppSettings(
                config.getPath(MODEL),
                config.getPath(MODELS_DIR).orElse(config.cacheDirectory().resolve("models")),
                config.get(THREADS).isPresent() ? OptionalInt.of(config.getInt(THREADS, 1, 1, 1024)) : OptionalInt.empty(),
                context,
                gpuLayers,
                chatTemplate(config),
                config.getBoolean(EMBEDDINGS, false),
                config.getBoolean(LOG, false),
                config.getBoolean(EXIT_GUARD, true),
                config.getBoolean(KEEP_LOADED, true),
                config.getPath(OLLAMA_MODELS).orElse(home.resolve(".ollama").resolve("models")));
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

    private static Optional<String> chatTemplate(LlmConfig config) {
        Optional<String> raw = config.get(CHAT_TEMPLATE).map(String::trim);
        if (raw.isEmpty()) {
            return raw;
        }
        String name = raw.get().toLowerCase(Locale.ROOT);
        if (!NAMED_TEMPLATES.contains(name)) {
            // an unknown template makes llama.cpp 4.2.0 abort the process, so only names it knows pass
            throw new ConfigurationException(config.describe(CHAT_TEMPLATE) + " is '" + shorten(raw.get())
                    + "'; use one of the templates llama.cpp knows by name: " + String.join(", ", new TreeSet<>(NAMED_TEMPLATES)));
        }
        return Optional.of(name);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
