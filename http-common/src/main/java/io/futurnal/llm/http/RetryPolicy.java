package io.futurnal.llm.http;

import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.LlmConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to repeat a request that a server turned away as busy or rate-limited, and how long to wait
 * first. Only statuses that mean "not processed, try later" are retried, and only before any of
 * the response body was read, so a retry never duplicates output.
 *
 * @param maxRetries      how many times to repeat after the first attempt; 0 disables retry
 * @param initialBackoff  the wait before the first retry; it doubles after each attempt
 * @param maxBackoff      the longest computed wait
 * @param maxRetryAfter   the longest wait a server's {@code Retry-After} may ask for; beyond it the
 *                        call fails at once instead of sleeping
 * @param statuses        the HTTP statuses that are retried
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                          Set<Integer> statuses) {

    /** Retry count. */
    public static final ConfigKey<Integer> RETRIES = ConfigKey.integer("futurnal.llm.http.retries", 2, 0, 20,
            "retries on 503 (busy) and 429, with backoff, honouring `Retry-After`");
    /** First backoff. */
    public static final ConfigKey<Duration> BACKOFF = ConfigKey.duration("futurnal.llm.http.retry.backoff",
            Duration.ofMillis(500), "the first backoff. It doubles on each retry, up to 8 s");

    /** 2 retries, 500 ms doubling up to 8 s, honouring {@code Retry-After} up to 60 s, for 429 and 503. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60), Set.of(429, 503));

    /** No retries at all. */
    public static final RetryPolicy NONE =
            new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Set.of());

    /** Rejects a negative retry count and copies the statuses. */
    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        statuses = Set.copyOf(statuses);
    }

    /** The default policy with the count and first backoff read from {@code config}. */
    public static RetryPolicy fromConfig(LlmConfig config) {
        int retries = config.value(RETRIES);
        Duration backoff = config.value(BACKOFF);
        return new RetryPolicy(retries, backoff, DEFAULT.maxBackoff, DEFAULT.maxRetryAfter, DEFAULT.statuses);
    }

    /** Whether a response with {@code status} may be retried at all. */
    public boolean retries(int status) {
        return maxRetries > 0 && statuses.contains(status);
    }

    /**
     * How long to wait before retry number {@code retry} (1 for the first), or empty when no retry
     * should be made: the retries are used up, or the server asked for a longer wait than
     * {@link #maxRetryAfter}.
     */
    public Optional<Duration> delayBefore(int retry, Optional<Duration> retryAfter) {
        if (retry < 1 || retry > maxRetries) {
            return Optional.empty();
        }
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            return asked.compareTo(maxRetryAfter) > 0 ? Optional.empty() : Optional.of(asked);
        }
        long base = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        // a little jitter so that many clients turned away together do not return together
        long jitter = capped <= 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 5 + 1);
        return Optional.of(Duration.ofMillis(capped + jitter));
    }

    /**
     * Parses a {@code Retry-After} header: a number of seconds or an HTTP date. Unparseable or
     * absent values give empty; a date in the past gives zero.
     */
    public static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String v = header.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
