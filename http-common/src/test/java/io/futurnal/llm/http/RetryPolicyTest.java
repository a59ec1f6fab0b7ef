package io.futurnal.llm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.DEFAULT;

    @Test
    void retriesOnlyBusyAndRateLimitedStatuses() {
        assertTrue(policy.retries(503));
        assertTrue(policy.retries(429));
        assertFalse(policy.retries(500));
        assertFalse(policy.retries(404));
        assertFalse(RetryPolicy.NONE.retries(503));
    }

    @Test
    void backsOffExponentiallyWithBoundedJitterAndStopsAfterTheLastRetry() {
        long first = policy.delayBefore(1, Optional.empty()).orElseThrow().toMillis();
        long second = policy.delayBefore(2, Optional.empty()).orElseThrow().toMillis();
        assertTrue(first >= 500 && first <= 600, "first backoff " + first);
        assertTrue(second >= 1000 && second <= 1200, "second backoff " + second);
        assertEquals(Optional.empty(), policy.delayBefore(3, Optional.empty()));
        RetryPolicy many = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60), policy.statuses());
        long tenth = many.delayBefore(10, Optional.empty()).orElseThrow().toMillis();
        assertTrue(tenth >= 8000 && tenth <= 9600, "capped backoff " + tenth);
    }

    @Test
    void honoursRetryAfterUpToItsLimit() {
        assertEquals(Optional.of(Duration.ofSeconds(3)), policy.delayBefore(1, Optional.of(Duration.ofSeconds(3))));
        assertEquals(Optional.empty(), policy.delayBefore(1, Optional.of(Duration.ofMinutes(5))));
    }

    @Test
    void parsesRetryAfterAsSecondsOrHttpDate() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryPolicy.parseRetryAfter(" 7 ", now));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(30).atOffset(ZoneOffset.UTC));
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryPolicy.parseRetryAfter(date, now));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minusSeconds(30).atOffset(ZoneOffset.UTC));
        assertEquals(Optional.of(Duration.ZERO), RetryPolicy.parseRetryAfter(past, now));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("soon", now));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("-1", now));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(null, now));
    }

    @Test
    void readsCountAndBackoffFromConfiguration() {
        LlmConfig config = LlmConfig.builder().environment(Map.of("FUTURNAL_LLM_HTTP_RETRIES", "5"))
                .systemProperties(Map.of("futurnal.llm.http.retry.backoff", "50ms")).build();
        RetryPolicy p = RetryPolicy.fromConfig(config);
        assertEquals(5, p.maxRetries());
        assertEquals(Duration.ofMillis(50), p.initialBackoff());
        LlmConfig bad = LlmConfig.builder().environment(Map.of("FUTURNAL_LLM_HTTP_RETRIES", "lots")).systemProperties(Map.of()).build();
        ConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigurationException.class, () -> RetryPolicy.fromConfig(bad));
        assertTrue(e.getMessage().contains("FUTURNAL_LLM_HTTP_RETRIES"), e.getMessage());
    }
}
