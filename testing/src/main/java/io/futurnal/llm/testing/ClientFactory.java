package io.futurnal.llm.testing;

import io.futurnal.llm.BackendSelector;
import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the client behind a {@link ClientKey}, never throwing: every problem becomes a
 * {@link ClientOutcome.Failed} that says whether tests should be skipped or failed.
 *
 * <p>Selection is the library's own policy ({@link BackendSelector#open} over the context class
 * loader's providers): with {@code auto}, an available backend that lacks the model (say Ollama
 * without the shipped test model) hands over to the next available one, the way the seed found
 * "the fast backend" on its own. The one difference: the client is never wrapped for call-time
 * fallback, so a test knows the one backend it ran on.
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
        BackendSelector.Opened opened;
        try {
            // the library's own policy, minus call-time fallback: a test knows the one backend it ran on
            opened = BackendSelector.fromClasspath().open(config.toBuilder().fallback(false).build());
        } catch (BackendUnavailableException e) {
            return new ClientOutcome.Failed(key, true, e.getMessage(), e, e.report().orElse(null));
        } catch (ConfigurationException | ModelNotFoundException | UnsupportedCapabilityException e) {
            return new ClientOutcome.Failed(key, true, e.getMessage(), e, null);
        } catch (RuntimeException e) {
            return new ClientOutcome.Failed(key, false, "backend selection or client creation failed: " + e, e, null);
        } catch (LinkageError e) {
            // a native library that would not load: kept as this class's failure instead of escaping JUnit's store
            String reason = "a backend could not load its native code: " + e;
            return new ClientOutcome.Failed(key, false, reason, new LlmException(reason, e), null);
        }
        LlmClient client = opened.client();
        CREATED.incrementAndGet();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("test client for {}: backend '{}', model '{}', ready in {} ms", key,
                client.info().backend(), client.info().model(), took.toMillis());
        return new ClientOutcome.Ready(key, client, opened.report(), opened.refusals(), took);
    }
}
