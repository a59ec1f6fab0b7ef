package io.futurnal.llm.hf;

import ai.djl.ndarray.NDManager;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The {@code hf} backend: runs a local Hugging Face model directory (Llama, Mistral, Qwen2;
 * safetensors in F32, F16 or BF16) on DJL's PyTorch engine, offline. The slow but compatible
 * fallback, so it ranks lowest of the real backends.
 *
 * <p>Model resolution, first match wins: {@code futurnal.hf.model.dir}
 * ({@code FUTURNAL_HF_MODEL_DIR}); the configured model when it is a directory; the configured
 * model's Hugging Face id in the local hub cache ({@code HF_HUB_CACHE}, else {@code HF_HOME/hub},
 * else {@code ~/.cache/huggingface/hub}); and, when no model or {@code stories260k} is
 * configured, the bundled stories260K model.
 */
public final class HfProvider implements LlmBackendProvider {

    /** The engine's root manager, created once the engine has loaded; models hang off it. */
    private static volatile NDManager root;

    @Override
    public String id() {
        return HfSettings.ID;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("huggingface", "djl");
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return HfSettings.KEYS;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public String description() {
        return "Hugging Face model directories on DJL's PyTorch engine, offline (slow but compatible fallback)";
    }

    /**
     * Checks the DJL jars and the model directory without loading native code. A malformed model
     * file or setting is reported as {@link ProbeResult#failed} with its typed exception; a missing
     * engine or model directory as plainly unavailable.
     */
    @Override
    public ProbeResult probe(LlmConfig config) {
        try {
            List<String> missing = DjlRuntime.missingPieces();
            if (!missing.isEmpty()) {
                return ProbeResult.unavailable("missing " + String.join("; ", missing));
            }
            ModelLocator.Location location = ModelLocator.locate(config);
            if (!location.found()) {
                return ProbeResult.unavailable(location.describe());
            }
            Path dir = location.directory().get();
            LlamaConfig model = LlamaConfig.read(dir.resolve("config.json"));
            // every header, every needed tensor and shape: "available" means the model loads
            LlamaWeights.resolve(model, TensorIndex.open(dir));
            HfSettings.from(config);
            return ProbeResult.available(model.architecture() + " " + location.describe()
                    + (DjlRuntime.loaded() ? "; PyTorch loaded" : "; PyTorch loads on first use"));
        } catch (InvalidModelFileException | ConfigurationException e) {
            // the user's own files or settings are wrong: a typed problem the selector rethrows, not mere absence
            return ProbeResult.failed(e);
        } catch (UncheckedIOException | LlmException e) {
            return ProbeResult.unavailable(e.getMessage());
        } catch (RuntimeException e) {
            return ProbeResult.unavailable("probe failed: " + e);
        }
    }

    /**
     * Loads PyTorch (seconds on first use) and the model.
     *
     * @throws BackendUnavailableException when the engine or the model directory is unavailable
     * @throws InvalidModelFileException   when a model file is malformed or unsupported
     */
    @Override
    public LlmClient create(LlmConfig config) {
        ModelLocator.Location location;
        try {
            location = ModelLocator.locate(config);
        } catch (UncheckedIOException e) {
            throw new BackendUnavailableException("the hf backend cannot prepare its model: " + e.getMessage());
        }
        if (!location.found()) {
            throw new BackendUnavailableException("the hf backend has no model: " + location.describe());
        }
        HfSettings settings = HfSettings.from(config);
        DjlRuntime.load(config, settings);
        Path dir = location.directory().get();
        HfModel model;
        try {
            model = HfModelCache.acquire(new HfModelCache.Key(realPath(dir), settings.context(), settings.dtype()),
                    () -> HfModel.load(dir, location.name(), settings, config.cacheDirectory(), rootManager()));
        } catch (LlmException e) {
            throw e;
        } catch (RuntimeException e) {
            // PyTorch reports allocation failures and other native errors as runtime exceptions
            throw new BackendFailureException("the hf backend could not load " + location.describe() + ": " + e.getMessage(), e);
        }
        return new HfClient(model, config.requestTimeout(), location.source());
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    private static NDManager rootManager() {
        NDManager manager = root;
        if (manager == null) {
            synchronized (HfProvider.class) {
                if (root == null) {
                    root = NDManager.newBaseManager("PyTorch");
                }
                manager = root;
            }
        }
        return manager;
    }
}
