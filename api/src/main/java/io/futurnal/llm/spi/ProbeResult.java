package io.futurnal.llm.spi;

import java.util.Objects;

/**
 * What a provider's probe found.
 *
 * @param available whether {@link LlmBackendProvider#create} would succeed now
 * @param reason    one line a user can act on: what was found or what is missing and where it was
 *                  looked for (e.g. "no server at http://127.0.0.1:11434 (connection refused)")
 */
public record ProbeResult(boolean available, String reason) {
    /** Checks that the reason is present. */
    public ProbeResult {
        Objects.requireNonNull(reason, "reason");
    }

    /** A probe that found the backend ready, with what it found. */
    public static ProbeResult available(String reason) {
        return new ProbeResult(true, reason);
    }

    /** A probe that found the backend unusable, with what is missing and where it looked. */
    public static ProbeResult unavailable(String reason) {
        return new ProbeResult(false, reason);
    }
}
