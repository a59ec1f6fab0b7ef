package io.futurnal.llm.testserver.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code input} and {@code stop} take a string or a list of strings, as vLLM's do; anything else is a 400. */
class StringOrListFieldsTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void embeddingInputIsAStringOrANonEmptyListOfStrings() throws Exception {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("m", "x").withEmbeddings(4))) {
            assertEquals(200, post(server, "/v1/embeddings", "{\"input\":\"a\"}").statusCode());
            assertEquals(200, post(server, "/v1/embeddings", "{\"input\":[\"a\",\"b\"]}").statusCode());
            for (String bad : new String[] {"[]", "5", "[\"a\",1]", "null"}) {
                HttpResponse<String> r = post(server, "/v1/embeddings", "{\"input\":" + bad + "}");
                assertEquals(400, r.statusCode(), bad);
                assertTrue(r.body().contains("input must be a string or a non-empty list of strings"), r.body());
            }
        }
    }

    @Test
    void stopIsAbsentAStringOrAListOfStrings() throws Exception {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("m", "Hello", " world"))) {
            for (String ok : new String[] {"null", "[]", "\"x\"", "[\"x\",\"y\"]"}) {
                assertEquals(200, post(server, "/v1/completions", "{\"prompt\":\"hi\",\"stop\":" + ok + "}").statusCode(), ok);
            }
            for (String bad : new String[] {"5", "[1]"}) {
                HttpResponse<String> r = post(server, "/v1/completions", "{\"prompt\":\"hi\",\"stop\":" + bad + "}");
                assertEquals(400, r.statusCode(), bad);
                assertTrue(r.body().contains("stop must be a string or a list of strings"), r.body());
            }
        }
    }

    private static HttpResponse<String> post(FakeOpenAiServer server, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUri() + path)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
