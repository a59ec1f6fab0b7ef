package io.futurnal.llm.http;

import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.LlmConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one HTTP backend talks to its server.
 *
 * @param baseUri        the server's base URL; request paths are resolved against it
 * @param connectTimeout time to open a TCP (and TLS) connection
 * @param readTimeout    longest silence between two bytes of a response; a slow but live stream is
 *                       never cut by it
 * @param requestTimeout a total limit per call, only when the user asked for one
 * @param token          a bearer token to send, if any; never logged
 * @param retry          which busy answers are retried and how
 * @param maxConnections connections kept in the pool (per client, all to the one server)
 * @param userAgent      the {@code User-Agent} header
 */
public record HttpSettings(URI baseUri, TimeoutSetting connectTimeout, TimeoutSetting readTimeout,
                           Optional<TimeoutSetting> requestTimeout, Optional<BearerToken> token,
                           RetryPolicy retry, int maxConnections, String userAgent) {

    /** Time to open a connection. */
    public static final ConfigKey<Duration> CONNECT_TIMEOUT = ConfigKey.positiveDuration("futurnal.llm.connect.timeout",
            Duration.ofSeconds(10), "time allowed to open a connection (HTTP backends)");
    /** Longest silence between two bytes of a response. */
    public static final ConfigKey<Duration> READ_TIMEOUT = ConfigKey.positiveDuration("futurnal.llm.read.timeout",
            Duration.ofMinutes(5), "longest silence allowed between two bytes (HTTP backends)");
    /** Pool size per client. */
    public static final ConfigKey<Integer> MAX_CONNECTIONS = ConfigKey.integer("futurnal.llm.http.max.connections",
            32, 1, 1024, "the connection pool per client");

    private static final List<ConfigKey<?>> KEYS = List.of(CONNECT_TIMEOUT, READ_TIMEOUT,
            RetryPolicy.RETRIES, RetryPolicy.BACKOFF, MAX_CONNECTIONS);

    /** The default {@code User-Agent}. */
    public static final String USER_AGENT = "futurnal-llm/0.1 (Java " + Runtime.version().feature() + ")";

    /** Requires every component and at least one connection. */
    public HttpSettings {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(userAgent, "userAgent");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
    }

    /**
     * Settings from the shared HTTP keys ({@link #configKeys()}) and {@link LlmConfig#REQUEST_TIMEOUT}.
     *
     * @throws io.futurnal.llm.ConfigurationException when one of them is malformed
     */
    public static HttpSettings fromConfig(LlmConfig config, URI baseUri, Optional<BearerToken> token) {
        return new HttpSettings(baseUri,
                new TimeoutSetting(config.value(CONNECT_TIMEOUT), config.describe(CONNECT_TIMEOUT)),
                new TimeoutSetting(config.value(READ_TIMEOUT), config.describe(READ_TIMEOUT)),
                config.requestTimeout().map(d -> new TimeoutSetting(d, config.describe(LlmConfig.REQUEST_TIMEOUT))),
                token,
                RetryPolicy.fromConfig(config),
                config.value(MAX_CONNECTIONS),
                USER_AGENT);
    }

    /** The keys every HTTP backend reads through {@link #fromConfig}, for its provider's {@code configKeys()}. */
    public static List<ConfigKey<?>> configKeys() {
        return KEYS;
    }

    /**
     * Settings for a quick availability check: the probe timeout bounds the connect and every read,
     * there is no retry and one connection.
     */
    public static HttpSettings forProbe(LlmConfig config, URI baseUri, Optional<BearerToken> token) {
        TimeoutSetting probe = new TimeoutSetting(config.probeTimeout(), config.describe(LlmConfig.PROBE_TIMEOUT));
        return new HttpSettings(baseUri, probe, probe, Optional.of(probe), token, RetryPolicy.NONE, 1, USER_AGENT);
    }

    /** A copy with another read timeout. */
    public HttpSettings withReadTimeout(Duration value, String source) {
        return new HttpSettings(baseUri, connectTimeout, new TimeoutSetting(value, source), requestTimeout, token,
                retry, maxConnections, userAgent);
    }

    /** A copy with another retry policy. */
    public HttpSettings withRetry(RetryPolicy policy) {
        return new HttpSettings(baseUri, connectTimeout, readTimeout, requestTimeout, token, policy, maxConnections, userAgent);
    }

    /** A copy with another pool size. */
    public HttpSettings withMaxConnections(int max) {
        return new HttpSettings(baseUri, connectTimeout, readTimeout, requestTimeout, token, retry, max, userAgent);
    }

    /** The absolute URL of {@code path} ({@code /api/tags}) under the base URL, keeping the base's path prefix. */
    public URI resolve(String path) {
        String base = baseUri.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + (path.startsWith("/") ? path : "/" + path));
    }
}
