package io.futurnal.llm.http;

import java.time.Duration;
import java.util.Objects;

/**
 * A timeout and the configuration that set it, so that an error can say which knob to turn.
 *
 * @param value  the duration, positive
 * @param source where it came from, e.g. {@code environment variable FUTURNAL_LLM_READ_TIMEOUT}
 */
public record TimeoutSetting(Duration value, String source) {
    /** Requires both components and a positive duration. */
    public TimeoutSetting {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("a timeout must be positive; got " + value);
        }
    }

    /** The value in milliseconds, at least 1. */
    public long millis() {
        return Math.max(1, value.toMillis());
    }

    /** E.g. {@code 300000 ms (set by FUTURNAL_LLM_READ_TIMEOUT (or -Dfuturnal.llm.read.timeout))}. */
    public String describe() {
        return millis() + " ms (set by " + source + ")";
    }
}
