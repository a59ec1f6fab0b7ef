package io.futurnal.llm.testing;

import io.futurnal.llm.BackendSelector;
import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.DetectionReport;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.ProbeOutcome;
import io.futurnal.llm.UnsupportedCapabilityException;
import io.futurnal.llm.spi.LlmBackendProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the client behind a {@link ClientKey}, never throwing: every problem becomes a
 * {@link ClientOutcome.Failed} that says whether tests should be skipped or failed.
 *
 * <p>Selection is the library's own ({@link BackendSelector} over the context class loader's
 * providers), with two differences that suit tests. The client is never wrapped for fallback, so
 * a test knows the one backend it ran on. And with {@code auto}, an available backend that lacks
 * the model (say Ollama without the shipped test model) hands over to the next available one, the
 * way the seed found "the fast backend" on its own.
 */
final class ClientFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ClientFactory.class);
    private static final AtomicInteger CREATED = new AtomicInteger();

    private ClientFactory() {
    }

    /** Clients created in this JVM so far. */
    static int created() {
        return CREATED.get();
    }

    static ClientOutcome create(ClientKey key, LlmConfig config) {
        long start = System.nanoTime();
        BackendSelector selector = BackendSelector.fromClasspath();
        BackendSelector.Selection selection;
        try {
            selection = selector.select(config);
        } catch (BackendUnavailableException e) {
            return new ClientOutcome.Failed(key, true, e.getMessage(), e, e.report().orElse(null));
        } catch (ConfigurationException e) {
            return new ClientOutcome.Failed(key, true, e.getMessage(), e, null);
        } catch (RuntimeException e) {
            return new ClientOutcome.Failed(key, false, "backend selection failed: " + e, e, null);
        }
        DetectionReport report = selection.report();
        List<String> refusals = new ArrayList<>();
        RuntimeException lastRefusal = null;
        for (String id : candidates(selection, config)) {
            LlmBackendProvider provider = selector.find(id).orElseThrow();
            try {
                LlmClient client = provider.create(config);
                CREATED.incrementAndGet();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                LOG.info("test client for {}: backend '{}', model '{}', ready in {} ms", key,
                        client.info().backend(), client.info().model(), took.toMillis());
                return new ClientOutcome.Ready(key, client, report, refusals, took);
            } catch (BackendUnavailableException | ConfigurationException | ModelNotFoundException
                     | UnsupportedCapabilityException e) {
                refusals.add(id + ": " + e.getMessage());
                lastRefusal = e;
            } catch (RuntimeException e) {
                return new ClientOutcome.Failed(key, false, "backend '" + id + "' failed to create a client: " + e, e, report);
            } catch (LinkageError e) {
                // a native library that would not load: kept as this class's failure instead of escaping JUnit's store
                String reason = "backend '" + id + "' could not load its native code: " + e;
                return new ClientOutcome.Failed(key, false, reason, new LlmException(reason, e), report);
            }
        }
        String reason = refusals.size() == 1
                ? "backend " + refusals.get(0)
                : "no available backend could serve it:\n  " + String.join("\n  ", refusals);
        return new ClientOutcome.Failed(key, true, reason, lastRefusal, report);
    }

    /** The chosen backend, then with {@code auto} the other available ones in priority order. */
    private static List<String> candidates(BackendSelector.Selection selection, LlmConfig config) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(selection.provider().id());
        if (config.isAuto()) {
            selection.report().outcomes().stream()
                    .filter(ProbeOutcome::available)
                    .map(ProbeOutcome::id)
                    .forEach(ids::add);
        }
        return List.copyOf(ids);
    }
}
