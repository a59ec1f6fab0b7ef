package io.futurnal.llm.testing;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.DetectionReport;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the extension got when it asked for a client: one it can hand out, or the reason there is
 * none. Both are kept in a JUnit store, so a failed detection is not repeated for every class.
 */
sealed interface ClientOutcome permits ClientOutcome.Ready, ClientOutcome.Failed {

    /** The key this outcome was made for. */
    ClientKey key();

    /** What detection found, when it got that far. */
    Optional<DetectionReport> report();

    /**
     * A live client. Kept in a JUnit store, which closes it when the store's context ends: the root
     * context at the end of the run for {@link LlmScope#SHARED}, the class otherwise.
     * JUnit 5.13+ closes stored {@link AutoCloseable}s; older versions call the
     * {@code CloseableResource} method. Closing is idempotent either way.
     */
    @SuppressWarnings("deprecation")
    final class Ready implements ClientOutcome, AutoCloseable, ExtensionContext.Store.CloseableResource {
        private static final Logger LOG = LoggerFactory.getLogger(Ready.class);

        private final ClientKey key;
        private final LlmClient client;
        private final LlmClient borrowed;
        private final DetectionReport report;
        private final List<String> refusals;
        private final Duration creationTime;
        private final AtomicBoolean closed = new AtomicBoolean();

        Ready(ClientKey key, LlmClient client, DetectionReport report, List<String> refusals, Duration creationTime) {
            this.key = key;
            this.client = client;
            this.borrowed = new BorrowedClient(client);
            this.report = report;
            this.refusals = List.copyOf(refusals);
            this.creationTime = creationTime;
        }

        @Override
        public ClientKey key() {
            return key;
        }

        @Override
        public Optional<DetectionReport> report() {
            return Optional.ofNullable(report);
        }

        /** The client for tests: the same instance every time, and closing it does nothing. */
        LlmClient client() {
            return borrowed;
        }

        /** Backends that were available but could not serve the model, before this one did. */
        List<String> refusals() {
            return refusals;
        }

        Duration creationTime() {
            return creationTime;
        }

        boolean isClosed() {
            return closed.get();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                LOG.debug("closing the test client for {} ({})", key, client.info().backend());
                client.close();
            }
        }
    }

    /**
     * No client.
     *
     * @param key        what was asked for
     * @param skippable  whether this means "no backend fits" (skip) rather than a broken setup (fail)
     * @param reason     what went wrong, with the detection report when there is one
     * @param cause      the exception behind it
     * @param reportSeen the detection report, if selection produced one
     */
    record Failed(ClientKey key, boolean skippable, String reason, RuntimeException cause, DetectionReport reportSeen)
            implements ClientOutcome {

        @Override
        public Optional<DetectionReport> report() {
            return Optional.ofNullable(reportSeen);
        }

        /**
         * A fresh exception for one class to throw. A new instance each time, because JUnit attaches
         * suppressed exceptions to what a class throws and the cause is shared by every class.
         */
        RuntimeException newFailure(String message) {
            if (cause instanceof BackendUnavailableException) {
                BackendUnavailableException e = new BackendUnavailableException(message, reportSeen);
                e.initCause(cause);
                return e;
            }
            if (cause instanceof ConfigurationException) {
                return new ConfigurationException(message, cause);
            }
            return new LlmException(message, cause);
        }
    }
}
