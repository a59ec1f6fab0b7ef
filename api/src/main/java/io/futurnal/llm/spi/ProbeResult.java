package io.futurnal.llm.spi;

import io.futurnal.llm.LlmException;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider's probe found.
 *
 * <p>A probe that finds the user's own input wrong (a corrupt model file, an invalid setting, a
 * model the server does not have) returns {@link #failed(LlmException)}: the selector then throws
 * that exception instead of a generic "not available", so a caller sees the same typed error
 * whether the probe or the loader caught the problem.
 *
 * @param available whether {@link LlmBackendProvider#create} would succeed now
 * @param reason    one line a user can act on: what was found or what is missing and where it was
 *                  looked for (e.g. "no server at http://127.0.0.1:11434 (connection refused)")
 * @param problem   the typed error behind an unavailable result, or {@code null} when the backend
 *                  is simply absent (no server, no native library, no model configured)
 */
public record ProbeResult(boolean available, String reason, LlmException problem) {
    /** Checks that the reason is present and that an available result carries no problem. */
    public ProbeResult {
        Objects.requireNonNull(reason, "reason");
        if (available && problem != null) {
            throw new IllegalArgumentException("an available probe result cannot carry a problem");
        }
    }

    /** A result without a typed problem. */
    public ProbeResult(boolean available, String reason) {
        this(available, reason, null);
    }

    /** A probe that found the backend ready, with what it found. */
    public static ProbeResult available(String reason) {
        return new ProbeResult(true, reason, null);
    }

    /** A probe that found the backend absent or unusable, with what is missing and where it looked. */
    public static ProbeResult unavailable(String reason) {
        return new ProbeResult(false, reason, null);
    }

    /**
     * A probe that found the user's input wrong: the reason is the problem's message, and the
     * selector throws {@code problem} when this backend was asked for (or, with {@code auto}, when
     * nothing else can serve, or the problem is a {@link io.futurnal.llm.ConfigurationException}
     * on a backend ranked above the one chosen).
     */
    public static ProbeResult failed(LlmException problem) {
        Objects.requireNonNull(problem, "problem");
        String message = problem.getMessage();
        return new ProbeResult(false, message == null || message.isBlank() ? problem.getClass().getSimpleName() : message, problem);
    }

    /** The typed error behind this result, when the probe found the user's input wrong. */
    public Optional<LlmException> typedProblem() {
        return Optional.ofNullable(problem);
    }
}
