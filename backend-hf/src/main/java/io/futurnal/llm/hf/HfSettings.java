package io.futurnal.llm.hf;

import ai.djl.ndarray.types.DataType;
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
    /** {@code futurnal.hf.model.dir} / {@code FUTURNAL_HF_MODEL_DIR}: explicit model directory; wins over everything else. */
    static final String MODEL_DIR = "futurnal.hf.model.dir";
    /** {@code hf.hub.cache} / {@code HF_HUB_CACHE}: the Hugging Face hub cache. */
    static final String HUB_CACHE = "hf.hub.cache";
    /** {@code hf.home} / {@code HF_HOME}: the Hugging Face home; the hub cache is its {@code hub} folder. */
    static final String HF_HOME = "hf.home";
    /** {@code futurnal.hf.context} / {@code FUTURNAL_HF_CONTEXT}: most context positions to allocate. */
    static final String CONTEXT = "futurnal.hf.context";
    /** Default of {@link #CONTEXT}. */
    static final int DEFAULT_CONTEXT = 8192;
    /** {@code futurnal.hf.threads} / {@code FUTURNAL_HF_THREADS}: PyTorch intra-op threads (process-wide). */
    static final String THREADS = "futurnal.hf.threads";
    /** {@code futurnal.hf.dtype} / {@code FUTURNAL_HF_DTYPE}: {@code auto}, {@code float32}, {@code bfloat16} or {@code float16}. */
    static final String DTYPE = "futurnal.hf.dtype";
    /** Below this many parameters one thread is fastest (per-call overhead dominates); above it all physical cores are. */
    static final long SMALL_MODEL_PARAMETERS = 50_000_000L;

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
        int context = config.getInt(CONTEXT, DEFAULT_CONTEXT, 1, 1 << 20);
        Optional<Integer> threads = config.get(THREADS).isPresent()
                ? Optional.of(config.getInt(THREADS, 1, 1, 256)) : Optional.empty();
        return new HfSettings(context, threads, dtype(config));
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

    private static Dtype dtype(LlmConfig config) {
        Optional<String> raw = config.get(DTYPE);
        if (raw.isEmpty()) {
            return Dtype.AUTO;
        }
        String v = raw.get().trim().toLowerCase(Locale.ROOT);
        for (Dtype d : Dtype.values()) {
            if (d.text().equals(v)) {
                return d;
            }
        }
        throw new ConfigurationException(config.describe(DTYPE) + " is '" + raw.get() + "'; use one of "
                + String.join(", ", List.of("auto", "float32", "bfloat16", "float16")));
    }
}
