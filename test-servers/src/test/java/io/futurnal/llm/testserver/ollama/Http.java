package io.futurnal.llm.testserver.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A few calls on the JDK's own client, so that the fake is checked independently of ours. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    static HttpResponse<String> send(URI base, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(URI base, String path, String body) throws IOException, InterruptedException {
        return send(base, "POST", path, body);
    }

    static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return send(base, "GET", path, null);
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /** The NDJSON lines of a body (it must end with a line break). */
    static List<JsonNode> lines(String body) throws IOException {
        if (!body.endsWith("\n")) {
            throw new AssertionError("an NDJSON body must end with a line break: " + body);
        }
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (String line : body.split("\n")) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }
}
