package io.futurnal.llm.benchjmh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * The baseline: a bare Apache HttpClient 5 with its default connection pool, posting a prepared
 * JSON body and reading the answer without interpreting it. What a backend client costs on top of
 * this is its overhead.
 */
final class BareHttp implements AutoCloseable {
    private final CloseableHttpClient http = HttpClients.createDefault();

    /** Posts {@code json} and returns the whole response body. */
    String post(URI uri, String json) {
        HttpPost post = new HttpPost(uri);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        try {
            return http.execute(post, response -> EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts {@code json} and counts the response lines that start with {@code prefix} (NDJSON: "{", SSE: "data:"). */
    int postAndCountLines(URI uri, String json, String prefix) {
        HttpPost post = new HttpPost(uri);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        try {
            return http.execute(post, response -> {
                int lines = 0;
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.getEntity().getContent(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.startsWith(prefix)) {
                            lines++;
                        }
                    }
                }
                return lines;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
