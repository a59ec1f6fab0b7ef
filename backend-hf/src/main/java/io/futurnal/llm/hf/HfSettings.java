package io.futurnal.llm.hf;

import ai.djl.ndarray.types.DataType;
import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The hf backend's id and configuration keys, read from {@link LlmConfig} in one place.
 *
 * @param context         most context positions to allocate ({@link #CONTEXT}); the model's own limit caps it
 * @param explicitThreads PyTorch intra-op threads when {@link #THREADS} is set
 * @param dtype           the compute dtype asked for ({@link #DTYPE})
 */
record HfSettings(int context, Optional<Integer> explicitThreads, Dtype dtype) {

    /** The provider id. */
    static final String ID = "hf";
    /** Default of {@link #CONTEXT}. */
    static final int DEFAULT_CONTEXT = 8192;
    /** Below this many parameters one thread is fastest (per-call overhead dominates); above it all physical cores are. */
    static final long SMALL_MODEL_PARAMETERS = 50_000_000L;

    static final ConfigKey<Path> MODEL_DIR = ConfigKey.path("futurnal.hf.model.dir",
            "a Hugging Face model directory (`config.json`, `tokenizer.json`, safetensors). It wins over everything else");
    /** The Hugging Face hub's own variable. */
    static final ConfigKey<Path> HUB_CACHE = ConfigKey.path("hf.hub.cache",
            "the Hugging Face cache. `models--{org}--{name}/snapshots/{refs/main}/` is used for the model's HF id")
            .withDefaultText("$HF_HOME/hub, else ~/.cache/huggingface/hub");
    /** The Hugging Face hub's own variable; its {@code hub} folder is the cache when {@link #HUB_CACHE} is unset. */
    static final ConfigKey<Path> HF_HOME = ConfigKey.path("hf.home",
            "the Hugging Face home; its `hub` folder is the cache when `HF_HUB_CACHE` is unset").withDefaultText("~/.cache/huggingface");
    static final ConfigKey<Integer> THREADS = ConfigKey.integer("futurnal.hf.threads", 1, 256,
            "PyTorch intra-op threads, process-wide (the latest model loaded sets them)")
            .withDefaultText("1 for models under 50M parameters, else all physical cores");
    static final ConfigKey<Integer> CONTEXT = ConfigKey.integer("futurnal.hf.context", DEFAULT_CONTEXT, 1, 1 << 20,
            "the context length, capped by the model's `max_position_embeddings` and sliding window;"
                    + " the KV cache for it counts in the memory check");
    static final ConfigKey<Dtype> DTYPE = ConfigKey.of("futurnal.hf.dtype", HfSettings::dtype, Dtype.AUTO,
            "`auto`, `float32`, `float16` or `bfloat16`: the dtype of the weights and matrix products. `auto` keeps F32"
                    + " checkpoints in float32 and runs F16 and BF16 ones in float16; `bfloat16` is refused"
                    + " (DJL's PyTorch bindings have no bfloat16 tensors)").withDefaultText("auto");

    /** Every key of this backend, for {@link HfProvider#configKeys()}. */
    static final List<ConfigKey<?>> KEYS = List.of(MODEL_DIR, HUB_CACHE, HF_HOME, THREADS, CONTEXT, DTYPE);

    /** The dtype weights and activations are computed in. */
    enum Dtype {
        /** The stored dtype where PyTorch on DJL can compute in it: F32 stays float32, F16 and BF16 run as float16. */
        AUTO,
        FLOAT32,
        /** Accepted as a value, refused at load: DJL's PyTorch bindings have no bfloat16 tensors. */
        BFLOAT16,
        FLOAT16;

        String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads the settings.
     *
     * @throws ConfigurationException when a value is malformed or out of range
     */
    static HfSettings from(LlmConfig config) {
        return new HfSettings(config.value(CONTEXT), config.find(THREADS), config.value(DTYPE));
    }

    /**
     * The dtype to compute in for weights stored as {@code tensors}: with {@code auto}, float32 when
     * every matrix is stored in F32, else float16 (the only 16-bit type DJL's PyTorch bindings have).
     *
     * @throws ConfigurationException for {@code bfloat16}, which those bindings cannot create
     */
    DataType computeType(Collection<TensorInfo> tensors) {
        return switch (dtype) {
            case FLOAT32 -> DataType.FLOAT32;
            case FLOAT16 -> DataType.FLOAT16;
            case BFLOAT16 -> throw new ConfigurationException("FUTURNAL_HF_DTYPE=bfloat16 cannot be honoured: DJL's PyTorch"
                    + " bindings (0.36) have no bfloat16 tensors; use auto (BF16 weights then run in float16), float16 or float32");
            case AUTO -> tensors.stream().filter(t -> !LlamaWeights.isNorm(t.name())).allMatch(t -> t.dtype().equals("F32"))
                    ? DataType.FLOAT32 : DataType.FLOAT16;
        };
    }

    /** Threads for a model of {@code parameters}: the explicit setting, else 1 for toys and all physical cores above. */
    int threadsFor(long parameters) {
        return explicitThreads.orElseGet(() -> parameters < SMALL_MODEL_PARAMETERS ? 1 : physicalCores());
    }

    /** Physical cores usable by this JVM: distinct (package, core) pairs of {@code /proc/cpuinfo}, capped by the processors the JVM may use. */
    static int physicalCores() {
        int logical = Runtime.getRuntime().availableProcessors();
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return logical;
        }
        try {
            Set<String> cores = new HashSet<>();
            String physical = "0";
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("physical id")) {
                    physical = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("core id")) {
                    cores.add(physical + "/" + line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return cores.isEmpty() ? logical : Math.max(1, Math.min(logical, cores.size()));
        } catch (IOException | RuntimeException e) {
            return logical;
        }
    }

    private static Dtype dtype(String text, String source) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        for (Dtype d : Dtype.values()) {
            if (d.text().equals(v)) {
                return d;
            }
        }
        throw new ConfigurationException(source + " is '" + text + "'; use one of auto, float32, bfloat16, float16");
    }
}
