package io.futurnal.llm.http;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/** Builds the pooled, classic Apache HttpClient that one backend client owns. */
public final class PooledHttpClients {

    private PooledHttpClients() {
    }

    /**
     * A client whose connect timeout and socket (between-bytes) timeout come from {@code settings}.
     * It has no total timeout (exchanges add one only when asked), no automatic retries (the
     * {@link Exchange} retries by its own policy), no redirects, cookies or content decompression
     * (which would buffer a live stream), and it checks a pooled connection that was idle for more
     * than a second before reusing it. Its connections write nothing to HttpClient's header and
     * wire logs, so a bearer token is never logged (see {@link UnloggedConnection}).
     */
    public static CloseableHttpClient create(HttpSettings settings) {
        Timeout connect = Timeout.ofMilliseconds(settings.connectTimeout().millis());
        Timeout read = Timeout.ofMilliseconds(settings.readTimeout().millis());
        ConnectionConfig connectionConfig = ConnectionConfig.custom()
                .setConnectTimeout(connect)
                .setSocketTimeout(read)
                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                .build();
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setConnectionFactory(UnloggedConnection.FACTORY)
                .setDefaultConnectionConfig(connectionConfig)
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .build();
        RequestConfig requestConfig = RequestConfig.custom()
                .setConnectionRequestTimeout(read)
                .setResponseTimeout(read)
                .setRedirectsEnabled(false)
                .build();
        return HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(requestConfig)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .setUserAgent(settings.userAgent())
                .build();
    }
}
