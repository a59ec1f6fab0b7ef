package io.futurnal.llm.llamacpp;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code llamacpp} backend (aliases {@code llama.cpp}, {@code gguf}): GGUF models run in this
 * process through llama.cpp, with no server and no network. It is available when the native
 * library loads on this machine and a GGUF model resolves; with nothing configured that is the
 * bundled stories260K toy model.
 */
public final class LlamaCppProvider implements LlmBackendProvider {

    /** The backend id. */
    public static final String ID = LlamaCppSettings.ID;

    /**
     * Longest wait for the native library inside a probe. A cold load can take a few hundred
     * milliseconds on a busy machine; the probe must not spend the selector's shared deadline on
     * it, since {@link #create} waits for the load anyway.
     */
    private static final long LIBRARY_WAIT_NANOS = 150_000_000L;

    /** Time kept back from the probe deadline, for a probe that starts late on a busy machine. */
    private static final long PROBE_MARGIN_NANOS = 200_000_000L;

    /** {@code llamacpp}. */
    @Override
    public String id() {
        return ID;
    }

    /** {@code llama.cpp} and {@code gguf}. */
    @Override
    public Set<String> aliases() {
        return Set.of("llama.cpp", "gguf");
    }

    /** 50: below Ollama and OpenAI, above the Hugging Face backend. */
    @Override
    public List<ConfigKey<?>> configKeys() {
        return LlamaCppSettings.KEYS;
    }

    @Override
    public int priority() {
        return 50;
    }

    /**
     * One line naming llama.cpp, the bindings' version, the native build this JVM uses (or would
     * use without {@code FUTURNAL_LLAMACPP_LIBRARY}) and the CPU features that matter to it.
     */
    @Override
    public String description() {
        return "llama.cpp in-process (GGUF models; de.kherud:llama " + NativeLibrary.BINDINGS_VERSION + "; "
                + NativeLibrary.report(Optional.empty()) + ")";
    }

    /**
     * Checks that the native library exists for this machine and starts loading it in the
     * background, resolves the model and validates its GGUF header, then waits briefly for the
     * library. A library still loading after that counts as available and the reason says so;
     * {@link #create} waits for it and fails with a typed error if it does not load.
     *
     * <p>An invalid setting ({@link ConfigurationException}) or a model file that exists but is
     * broken ({@link InvalidModelFileException}) is reported with {@link ProbeResult#failed}, so the
     * selector throws the same typed error {@link #create} would; a model that is simply not found
     * is {@link ProbeResult#unavailable}. A {@code FUTURNAL_LLAMACPP_LIBRARY} that is not a shared
     * library for this machine is such an invalid setting; one that passes that check but fails to
     * link is unavailable, with the file and the linker's reason. The reason of an available
     * backend ends with the native build in use and the CPU's features.
     */
    @Override
    public ProbeResult probe(LlmConfig config) {
        long start = System.nanoTime();
        long deadline = Math.min(start + LIBRARY_WAIT_NANOS, start + config.probeTimeout().toNanos() - PROBE_MARGIN_NANOS);
        try {
            LlamaCppSettings settings = LlamaCppSettings.from(config);
            NativeLibrary.Platform platform = NativeLibrary.platform();
            if (settings.library().isEmpty() && !NativeLibrary.hasLibraryFor(platform)) {
                return ProbeResult.unavailable("native library missing: de.kherud:llama " + NativeLibrary.BINDINGS_VERSION
                        + " has none for " + platform.folder() + " (looked for " + platform.resource() + ")");
            }
            CompletableFuture<Void> library = NativeLibrary.startLoading(config.cacheDirectory(), settings.library());
            ModelLookup lookup = ModelResolver.resolve(config, settings);
            if (lookup.model().isEmpty()) {
                return ProbeResult.unavailable("model missing: '" + lookup.requested() + "' not found as a GGUF file; "
                        + lookup.whereLooked());
            }
            ResolvedModel model = lookup.model().get();
            if (Files.notExists(model.path())) {
                return ProbeResult.unavailable("model missing: " + model.path() + " does not exist");
            }
            GgufHeader header;
            try {
                header = GgufReader.read(model.path());
            } catch (InvalidModelFileException e) {
                // A file that is there but broken is the user's problem to fix, not an absent backend.
                return ProbeResult.failed(e);
            }
            String nativeState = awaitLibrary(library, deadline, platform) + "; " + NativeLibrary.report(settings.library());
            return ProbeResult.available(model.displayName() + " (" + header.summary() + ") from " + model.source()
                    + " at " + model.path() + "; " + nativeState);
        } catch (NativeLoadFailure e) {
            return ProbeResult.unavailable("native library unusable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.unavailable("the probe was interrupted");
        } catch (ConfigurationException e) {
            // the user's setting is wrong: the selector rethrows it instead of trying elsewhere
            return ProbeResult.failed(e);
        } catch (LlmException e) {
            return ProbeResult.unavailable(e.getMessage());
        } catch (UncheckedIOException e) {
            return ProbeResult.unavailable("model missing: " + e.getMessage());
        } catch (RuntimeException e) {
            return ProbeResult.unavailable("the probe failed: " + e);
        }
    }

    /**
     * Loads the native library and the model (or shares a model already loaded with the same
     * settings) and returns a {@link LlamaCppClient}.
     *
     * @throws InvalidModelFileException   when the GGUF file is broken or llama.cpp cannot load it
     * @throws ModelNotFoundException      when a configured model is not found
     * @throws BackendUnavailableException when the native library cannot load here
     */
    @Override
    public LlmClient create(LlmConfig config) {
        LlamaCppSettings settings = LlamaCppSettings.from(config);
        NativeLibrary.ensureLoaded(config.cacheDirectory(), settings.library());
        ModelLookup lookup;
        try {
            lookup = ModelResolver.resolve(config, settings);
        } catch (UncheckedIOException e) {
            throw new BackendUnavailableException(e.getMessage());
        }
        if (lookup.model().isEmpty()) {
            throw new ModelNotFoundException(lookup.requested(), "put a GGUF file for it in " + settings.modelsDir()
                    + ", set FUTURNAL_LLAMACPP_MODEL=<file.gguf>, or pull it with Ollama; " + lookup.whereLooked());
        }
        ResolvedModel model = lookup.model().get();
        GgufHeader header = GgufReader.read(model.path());
        LoadKey key = new LoadKey(realPath(model.path()), header.fileSize(), modified(model.path()), settings.threadsFor(header),
                settings.contextFor(header), settings.gpuLayers(), settings.chatTemplate().orElse(""),
                settings.embeddings(), settings.nativeLog());
        ModelCache.Lease lease = ModelCache.acquire(key, header, settings.keepLoaded());
        if (settings.exitGuard()) {
            ExitGuard.arm();
        }
        return new LlamaCppClient(lease, model, config.requestTimeout());
    }

    private static String awaitLibrary(CompletableFuture<Void> library, long deadline, NativeLibrary.Platform platform)
            throws InterruptedException {
        try {
            library.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return "native library " + platform.folder() + " loaded";
        } catch (TimeoutException e) {
            return "native library " + platform.folder() + " found, still loading";
        } catch (ExecutionException e) {
            throw new NativeLoadFailure(NativeLibrary.failureReason(e.getCause()));
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The native library failed to load; the message says why. */
    private static final class NativeLoadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NativeLoadFailure(String message) {
            super(message);
        }
    }
}
