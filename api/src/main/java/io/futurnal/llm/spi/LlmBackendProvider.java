package io.futurnal.llm.spi;

import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import java.util.List;
import java.util.Set;

/**
 * A backend, as the library discovers it through {@link java.util.ServiceLoader}. A backend jar
 * registers its implementation in
 * {@code META-INF/services/io.futurnal.llm.spi.LlmBackendProvider}.
 *
 * <p>Implementations need a public no-argument constructor, must be cheap to construct (no I/O, no
 * native loading) and thread-safe.
 */
public interface LlmBackendProvider {

    /** The id users select it by, lower case, e.g. {@code mybackend}. Unique on a classpath. */
    String id();

    /** Other names that select this backend, e.g. {@code my-backend} for {@code mybackend}. */
    default Set<String> aliases() {
        return Set.of();
    }

    /**
     * Rank in auto-detection: the highest available one wins. {@code futurnal-llm backends} lists the
     * installed providers with theirs; put a server backend above an in-process one, since a
     * running server is what the user chose to start.
     */
    int priority();

    /** One short line saying what this backend is, for listings. */
    default String description() {
        return id();
    }

    /**
     * Checks whether this backend can serve {@code config} now, and says why or why not. It must
     * not throw, should finish in well under a second, and must respond to thread interruption
     * (the selector interrupts probes that overrun its deadline).
     */
    ProbeResult probe(LlmConfig config);

    /**
     * The configuration keys this backend reads, each declared once in its settings type, for
     * documentation and its checks. Empty by default.
     */
    default List<ConfigKey<?>> configKeys() {
        return List.of();
    }

    /** {@code probe(config).available()}. */
    default boolean isAvailable(LlmConfig config) {
        return probe(config).available();
    }

    /**
     * Creates a client for {@code config}. May load a model or open connections.
     *
     * @throws io.futurnal.llm.LlmException with a message that says what to do when it cannot
     */
    LlmClient create(LlmConfig config);
}
