package io.futurnal.llm.hf;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model: configuration, tokenizer, weights and forward pass. Reference-counted so that
 * closing the client while a stream still runs frees the native memory only after that stream
 * has let go of it.
 */
final class HfModel {

    private static final Logger LOG = LoggerFactory.getLogger(HfModel.class);
    /** Memory beyond weights and KV cache: activations of a prefill block, logits, the tokenizer, the engine. */
    static final long RUNTIME_HEADROOM = 256L << 20;

    final Path directory;
    final String name;
    final LlamaConfig config;
    final ModelSettings settings;
    final HfTokenizer tokenizer;
    final LlamaForward forward;
    final ChatTemplate chatTemplate;
    final boolean addBos;
    final int contextLength;
    final Duration loadDuration;
    /** Bytes of the weights in their compute dtype. */
    final long weightBytes;
    /** Of those, bytes used straight from memory-mapped files. */
    final long mappedBytes;
    private volatile Runnable onFree = () -> { };
    private final LlamaWeights weights;
    private final AtomicInteger references = new AtomicInteger(1);

    private HfModel(Path directory, String name, LlamaConfig config, ModelSettings settings, HfTokenizer tokenizer,
                    LlamaWeights weights, LlamaForward forward, int contextLength, Duration loadDuration,
                    long weightBytes, long mappedBytes) {
        this.weightBytes = weightBytes;
        this.mappedBytes = mappedBytes;
        this.directory = directory;
        this.name = name;
        this.config = config;
        this.settings = settings;
        this.tokenizer = tokenizer;
        this.weights = weights;
        this.forward = forward;
        this.contextLength = contextLength;
        this.loadDuration = loadDuration;
        this.chatTemplate = settings.chatTemplate() == null ? null
                : new ChatTemplate(settings.chatTemplate(), settings.bosToken(), settings.eosToken());
        this.addBos = settings.addBosToken() != null
                ? settings.addBosToken() && settings.bosTokenId() >= 0
                : tokenizerAddsBos(tokenizer, settings.bosTokenId());
    }

    /**
     * Validates and loads the model in {@code directory}. The PyTorch engine must be loaded.
     * Everything that can be checked without allocating (configuration, every tensor's presence,
     * shape and dtype, the memory the model needs) is checked before the weights are touched.
     *
     * @param settings      context limit (the model's own limit applies when lower), dtype and threads
     * @param cacheDirectory where float16 copies of BF16 weights go
     * @throws io.futurnal.llm.InvalidModelFileException when a file is missing, malformed or unsupported
     * @throws ModelTooLargeException when the model would not fit in the memory available
     */
    static HfModel load(Path directory, String name, HfSettings settings, Path cacheDirectory, NDManager parent) {
        long start = System.nanoTime();
        LlamaConfig config = LlamaConfig.read(directory.resolve("config.json"));
        ModelSettings modelSettings = ModelSettings.read(directory, config);
        TensorIndex index = TensorIndex.open(directory);
        Map<String, TensorInfo> tensors = LlamaWeights.resolve(config, index);
        DataType compute = settings.computeType(tensors.values());
        int context = Math.max(1, Math.min(settings.context(), config.maxPositions()));
        long weightBytes = weightBytes(tensors, compute);
        checkMemory(name, config, compute, context, weightBytes);
        DjlRuntime.applyThreads(settings.threadsFor(config.parameters()));
        HfTokenizer tokenizer = HfTokenizer.load(directory.resolve("tokenizer.json"), config.vocabSize());
        NDManager manager = parent.newSubManager();
        try {
            modelSettings = completeSpecialTokens(modelSettings, tokenizer);
            TensorLoader matrices = new TensorLoader(compute, new Float16Copies(cacheDirectory), index);
            TensorLoader norms = new TensorLoader(DataType.FLOAT32, null, index);
            LlamaWeights weights = LlamaWeights.load(config, tensors, matrices, norms, compute, manager);
            LlamaForward forward = new LlamaForward(config, weights, RopeTables.create(config, context, manager, compute));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            LOG.debug("loaded {} ({} tensors, {} mapped, {} copied, {}) from {} in {} ms", name, tensors.size(),
                    Memory.gigabytes(matrices.mappedBytes() + norms.mappedBytes()),
                    Memory.gigabytes(matrices.copiedBytes() + norms.copiedBytes()), compute, directory, took.toMillis());
            return new HfModel(directory, name, config, modelSettings, tokenizer, weights, forward, context, took,
                    weightBytes, matrices.mappedBytes() + norms.mappedBytes());
        } catch (RuntimeException | Error e) {
            manager.close();
            tokenizer.close();
            throw e;
        }
    }

    /** Bytes of the weights once loaded: norms in float32, the rest in {@code compute}. */
    static long weightBytes(Map<String, TensorInfo> tensors, DataType compute) {
        long total = 0;
        for (Map.Entry<String, TensorInfo> e : tensors.entrySet()) {
            total += TensorLoader.bytes(e.getValue().elements(),
                    LlamaWeights.isNorm(e.getKey()) ? DataType.FLOAT32 : compute);
        }
        return total;
    }

    /** Refuses a model whose weights, KV cache and working memory exceed what this process can use. */
    private static void checkMemory(String name, LlamaConfig config, DataType compute, int context, long weightBytes) {
        long kv = KvCache.bytes(config, context, compute);
        long working = RUNTIME_HEADROOM + 2L * context * config.headDim() * compute.getNumOfBytes();
        long needed = weightBytes + kv + working;
        Optional<Memory.Available> available = Memory.available();
        if (available.isEmpty() || needed <= available.get().bytes()) {
            return;
        }
        long have = available.get().bytes();
        String dtype = compute == DataType.FLOAT32 ? "float32" : "float16";
        StringBuilder advice = new StringBuilder();
        if (kv > needed - have && context > 512) {
            advice.append("a smaller context (FUTURNAL_HF_CONTEXT=").append(Math.max(512, context / 4)).append("), ");
        }
        if (compute == DataType.FLOAT32) {
            advice.append("FUTURNAL_HF_DTYPE=float16 (half the weight memory), ");
        }
        advice.append("or the llamacpp backend with a quantized GGUF (Q4_K_M needs about a quarter of float16's memory)");
        throw new ModelTooLargeException("the model " + name + " needs about " + Memory.gigabytes(needed) + " ("
                + Memory.gigabytes(weightBytes) + " of " + dtype + " weights, " + Memory.gigabytes(kv)
                + " of KV cache for " + context + " positions, " + Memory.gigabytes(working) + " working memory) but only "
                + Memory.gigabytes(have) + " is available (" + available.get().source() + "); use " + advice, needed, have);
    }

    /** Takes a reference for a stream; {@code false} when the model is already closed. */
    boolean retain() {
        while (true) {
            int now = references.get();
            if (now == 0) {
                return false;
            }
            if (references.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one frees the weights and the tokenizer. */
    void release() {
        if (references.decrementAndGet() == 0) {
            onFree.run();
            weights.close();
            tokenizer.close();
        }
    }

    /** Runs {@code action} when the last reference goes, before the memory is freed. */
    void onFree(Runnable action) {
        this.onFree = action;
    }

    /** The manager streams hang their caches off. */
    NDManager manager() {
        return weights.manager;
    }

    /** Prompt ids for {@code text}: BOS first when the model wants it and {@code allowBos}. */
    int[] promptIds(String text, boolean allowBos) {
        int[] ids = tokenizer.encode(text);
        if (!allowBos || !addBos) {
            return ids;
        }
        int[] withBos = new int[ids.length + 1];
        withBos[0] = settings.bosTokenId();
        System.arraycopy(ids, 0, withBos, 1, ids.length);
        return withBos;
    }

    private static ModelSettings completeSpecialTokens(ModelSettings settings, HfTokenizer tokenizer) {
        ModelSettings s = settings;
        if (s.eosTokenIds().isEmpty() && s.eosToken() != null) {
            var id = tokenizer.tokenId(s.eosToken());
            if (id.isPresent()) {
                s = s.withEosTokenIds(Set.of(id.getAsInt()));
            }
        }
        if (s.bosTokenId() < 0 && s.bosToken() != null) {
            var id = tokenizer.tokenId(s.bosToken());
            if (id.isPresent()) {
                s = s.withBosTokenId(id.getAsInt());
            }
        }
        return s;
    }

    private static boolean tokenizerAddsBos(HfTokenizer tokenizer, int bosId) {
        if (bosId < 0) {
            return false;
        }
        int[] with = tokenizer.encodeWithSpecialTokens("a");
        return with.length > 0 && with[0] == bosId && tokenizer.encode("a").length < with.length;
    }
}
