package io.futurnal.llm.hf;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.LlmConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns DJL's global set-up: strictly offline, caches under our cache directory, and the PyTorch
 * thread counts, all applied before the engine first loads. Also answers, without loading any
 * native code, whether the engine could load.
 */
final class DjlRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);
    private static final String ENGINE = "PyTorch";
    private static final Object LOCK = new Object();
    private static volatile Engine engine;
    private static volatile int appliedThreads;

    private DjlRuntime() {
    }

    /** The DJL platform classifier of this machine, e.g. {@code linux-x86_64}, or empty when DJL has no build for it. */
    static Optional<String> platformClassifier() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String prefix = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("win") ? "win" : null;
        String cpu = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
        return prefix == null || cpu == null ? Optional.empty() : Optional.of(prefix + "-" + cpu);
    }

    /**
     * What is missing for the engine to load offline, without loading it: DJL's PyTorch classes,
     * the tokenizer classes, and the libtorch jar for this platform. Empty when all is present.
     */
    static List<String> missingPieces() {
        List<String> missing = new ArrayList<>();
        if (engine != null) {
            return missing;
        }
        ClassLoader loader = loader();
        // resource lookups, not class loading: the probe has half a second in a cold JVM
        for (String type : List.of("ai.djl.engine.Engine", "ai.djl.pytorch.engine.PtEngine",
                "ai.djl.huggingface.tokenizers.HuggingFaceTokenizer")) {
            if (loader.getResource(type.replace('.', '/') + ".class") == null) {
                missing.add("class " + type + " (add ai.djl:api, ai.djl.pytorch:pytorch-engine and ai.djl.huggingface:tokenizers)");
            }
        }
        Optional<String> classifier = platformClassifier();
        if (classifier.isEmpty()) {
            missing.add("a PyTorch build for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
            return missing;
        }
        if (System.getenv("PYTORCH_LIBRARY_PATH") == null && System.getProperty("PYTORCH_LIBRARY_PATH") == null
                && !hasNativeJar(loader, classifier.get())) {
            missing.add("ai.djl.pytorch:pytorch-native-cpu:" + classifier.get() + " (libtorch for this platform; "
                    + "without it DJL would try to download it)");
        }
        if (loader.getResource("jnilib/" + classifier.get() + "/cpu/" + System.mapLibraryName("djl_torch")) == null) {
            missing.add("ai.djl.pytorch:pytorch-jni with a " + classifier.get() + " library");
        }
        return missing;
    }

    /** Whether the engine has been loaded in this JVM. */
    static boolean loaded() {
        return engine != null;
    }

    /**
     * Applies the offline, cache and thread settings and loads PyTorch (seconds the first time,
     * when it unpacks libtorch into the cache).
     *
     * @throws BackendUnavailableException when the engine cannot load
     */
    static Engine load(LlmConfig config, HfSettings settings) {
        // until a model says how big it is: the explicit setting, else one thread
        int threads = settings.explicitThreads().orElse(1);
        synchronized (LOCK) {
            if (engine == null) {
                List<String> missing = missingPieces();
                if (!missing.isEmpty()) {
                    throw new BackendUnavailableException("the hf backend cannot load PyTorch: missing " + String.join("; ", missing));
                }
                configure(config, threads);
                try {
                    engine = Engine.getEngine(ENGINE);
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    throw new BackendUnavailableException("the hf backend cannot load DJL's PyTorch engine offline: " + e
                            + "; DJL cache: " + System.getProperty("ENGINE_CACHE_DIR", "(default)"));
                }
                appliedThreads = threads;
                LOG.debug("PyTorch {} loaded with {} intra-op thread(s)", engine.getVersion(), threads);
            }
            return engine;
        }
    }

    /**
     * Sets PyTorch's intra-op threads (process-wide: the latest model loaded decides, as with an
     * explicit setting). The engine must be loaded.
     */
    static void applyThreads(int threads) {
        synchronized (LOCK) {
            if (engine != null && threads != appliedThreads) {
                JniUtils.setNumThreads(threads);
                appliedThreads = threads;
                LOG.debug("PyTorch now uses {} intra-op thread(s)", threads);
            }
        }
    }

    /** Intra-op threads PyTorch uses now (0 before the engine is loaded). */
    static int threads() {
        return appliedThreads;
    }

    private static void configure(LlmConfig config, int threads) {
        String offline = System.getenv("DJL_OFFLINE");
        if (offline != null && !Boolean.parseBoolean(offline)) {
            LOG.warn("DJL_OFFLINE={} is set; DJL may try the network. The hf backend needs no download when "
                    + "the native jars are on the classpath", offline);
        }
        System.setProperty("ai.djl.offline", "true");
        Path cache = config.cacheDirectory().resolve("djl");
        boolean userCache = isSet("DJL_CACHE_DIR");
        setUnlessUserSet("DJL_CACHE_DIR", cache.toString());
        if (!userCache) {
            setUnlessUserSet("ENGINE_CACHE_DIR", cache.toString());
        }
        setUnlessUserSet("ai.djl.pytorch.num_threads", Integer.toString(threads));
        setUnlessUserSet("ai.djl.pytorch.num_interop_threads", "1");
        // the TorchScript graph optimizer is unused here; turning it off also silences its notice
        setUnlessUserSet("ai.djl.pytorch.graph_optimizer", "false");
    }

    private static void setUnlessUserSet(String key, String value) {
        if (!isSet(key)) {
            System.setProperty(key, value);
        }
    }

    private static boolean isSet(String key) {
        return System.getenv(key) != null || System.getProperty(key) != null;
    }

    private static boolean hasNativeJar(ClassLoader loader, String classifier) {
        URL properties = loader.getResource("native/lib/pytorch.properties");
        if (properties == null) {
            return false;
        }
        Properties p = new Properties();
        try (InputStream in = properties.openStream()) {
            p.load(in);
        } catch (IOException e) {
            LOG.debug("cannot read {}", properties, e);
            return false;
        }
        return classifier.equals(p.getProperty("classifier"))
                && loader.getResource("pytorch/" + p.getProperty("flavor", "cpu") + "/" + classifier + "/"
                + System.mapLibraryName("torch")) != null;
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : DjlRuntime.class.getClassLoader();
    }
}
