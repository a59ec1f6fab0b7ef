package io.futurnal.llm;

import java.time.Duration;
import java.util.Set;

/**
 * One provider's line in a {@link DetectionReport}.
 *
 * @param id        provider id
 * @param aliases   other names it answers to
 * @param priority  its rank; higher wins
 * @param status    what the probe found
 * @param reason    why, in words a user can act on
 * @param probeTime how long the probe took (the deadline, when it timed out)
 */
public record ProbeOutcome(String id, Set<String> aliases, int priority, Status status, String reason, Duration probeTime) {

    /** Copies the aliases so the outcome stays immutable. */
    public ProbeOutcome {
        aliases = Set.copyOf(aliases);
    }

    /** Whether the backend can be used. */
    public boolean available() {
        return status == Status.AVAILABLE;
    }

    /** What a probe found. */
    public enum Status {
        /** The backend can serve requests now. */
        AVAILABLE,
        /** The backend is installed but cannot serve (no server, no model, no native library). */
        UNAVAILABLE,
        /** The probe did not answer before the deadline. */
        TIMED_OUT,
        /** The probe found the user's input wrong (a typed problem), the probe itself threw, or the provider could not be loaded. */
        FAILED,
        /** Not probed, because another backend was asked for. */
        SKIPPED;

        /** Lower-case, spaced, for tables. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }
}
