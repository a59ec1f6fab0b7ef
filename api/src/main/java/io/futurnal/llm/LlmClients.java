package io.futurnal.llm;

import io.futurnal.llm.spi.LlmBackendProvider;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door: creates a client on the best available backend.
 *
 * <pre>{@code
 * try (LlmClient llm = LlmClients.create()) {
 *     System.out.println(llm.generate("Once upon a time").text());
 * }
 * }</pre>
 */
public final class LlmClients {
    private static final Logger LOG = LoggerFactory.getLogger(LlmClients.class);

    private LlmClients() {
    }

    /** A client configured from system properties and the environment. */
    public static LlmClient create() {
        return create(LlmConfig.fromEnvironment());
    }

    /** A client for {@code config}, choosing among the backends on the classpath. */
    public static LlmClient create(LlmConfig config) {
        return create(config, BackendSelector.fromClasspath());
    }

    /**
     * A client for {@code config}, choosing among {@code selector}'s backends.
     *
     * @throws ConfigurationException      for an unknown backend id
     * @throws BackendUnavailableException when no suitable backend is available; the message holds the detection report
     */
    public static LlmClient create(LlmConfig config, BackendSelector selector) {
        return observed(createUnobserved(config, selector), listenersFor(config));
    }

    /**
     * {@code client} reporting every call to {@code listeners}; {@code client} itself when the list
     * is empty. Closing the result closes {@code client}.
     */
    public static LlmClient observed(LlmClient client, List<? extends LlmListener> listeners) {
        if (listeners.isEmpty()) {
            return client;
        }
        return new ObservedLlmClient(client, new ListenerDispatch(List.copyOf(listeners)));
    }

    /**
     * For a backend that downloads a model before it can answer: hands each progress line, with
     * the model's name, to {@link LlmListener#onModelDownload} of the same listeners every call
     * reports to ({@link #listenersFor}, looked up on the first line); a listener that throws is
     * logged and skipped.
     */
    public static BiConsumer<String, PullProgress> modelDownloadReporter(LlmConfig config, String backend) {
        AtomicReference<ListenerDispatch> dispatch = new AtomicReference<>();
        return (model, progress) -> dispatch.updateAndGet(d -> d != null ? d : new ListenerDispatch(listenersFor(config)))
                .modelDownload(backend, model, progress);
    }

    /** The listeners of {@code config} followed by those registered through {@code META-INF/services}. */
    public static List<LlmListener> listenersFor(LlmConfig config) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<LlmListener> all = new java.util.ArrayList<>(config.listeners());
        all.addAll(ListenerDispatch.fromServiceLoader(loader != null ? loader : LlmClients.class.getClassLoader()));
        return all;
    }

    private static LlmClient createUnobserved(LlmConfig config, BackendSelector selector) {
        BackendSelector.Opened opened = selector.open(config);
        BackendInfo info = opened.client().info();
        LOG.info("using backend '{}' ({})", info.backend(),
                opened.report().outcome(info.backend()).map(ProbeOutcome::reason).orElse(""));
        return opened.client();
    }

    /** Probes every backend on the classpath for {@code config} and reports what it found. */
    public static DetectionReport detect(LlmConfig config) {
        return BackendSelector.fromClasspath().detect(config);
    }

    /** {@link #detect(LlmConfig)} with configuration from the environment. */
    public static DetectionReport detect() {
        return detect(LlmConfig.fromEnvironment());
    }

    /**
     * The client a test suite wants, the Java twin of the seed's {@code get_test_llm_client}.
     *
     * @param fast            use the smallest shipped model ({@link ModelRegistry#FAST_MODEL}) instead of the production one
     * @param productionModel the model when not fast; {@code null} or {@code auto} keeps the configured one
     * @param backend         a backend id, or {@code null} or {@code auto} to keep the configured choice
     */
    public static LlmClient forTests(boolean fast, String productionModel, String backend) {
        LlmConfig.Builder builder = LlmConfig.builder();
        if (backend != null && !backend.isBlank() && !LlmConfig.AUTO.equalsIgnoreCase(backend)) {
            builder.backend(backend);
        }
        if (fast) {
            builder.model(ModelRegistry.FAST_MODEL);
        } else if (productionModel != null && !productionModel.isBlank() && !LlmConfig.AUTO.equalsIgnoreCase(productionModel)) {
            builder.model(productionModel);
        }
        return create(builder.build());
    }
}
