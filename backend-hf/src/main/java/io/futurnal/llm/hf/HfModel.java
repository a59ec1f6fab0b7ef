package io.futurnal.llm.hf;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.time.Duration;
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
    private final LlamaWeights weights;
    private final AtomicInteger references = new AtomicInteger(1);

    private HfModel(Path directory, String name, LlamaConfig config, ModelSettings settings, HfTokenizer tokenizer,
                    LlamaWeights weights, LlamaForward forward, int contextLength, Duration loadDuration) {
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
     *
     * @param contextLimit most positions to support; the model's own limit applies when lower
     * @throws io.futurnal.llm.InvalidModelFileException when a file is missing, malformed or unsupported
     */
    static HfModel load(Path directory, String name, int contextLimit, NDManager parent) {
        long start = System.nanoTime();
        LlamaConfig config = LlamaConfig.read(directory.resolve("config.json"));
        ModelSettings settings = ModelSettings.read(directory, config);
        TensorIndex index = TensorIndex.open(directory);
        HfTokenizer tokenizer = HfTokenizer.load(directory.resolve("tokenizer.json"));
        NDManager manager = parent.newSubManager();
        try {
            settings = completeSpecialTokens(settings, tokenizer);
            LlamaWeights weights = LlamaWeights.load(config, index, manager);
            int context = Math.max(1, Math.min(contextLimit, config.maxPositions()));
            LlamaForward forward = new LlamaForward(config, weights, RopeTables.create(config, context, manager));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            LOG.debug("loaded {} ({} tensors) from {} in {} ms", name, index.size(), directory, took.toMillis());
            return new HfModel(directory, name, config, settings, tokenizer, weights, forward, context, took);
        } catch (RuntimeException | Error e) {
            manager.close();
            tokenizer.close();
            throw e;
        }
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
            weights.close();
            tokenizer.close();
        }
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
