package io.futurnal.llm.testserver.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.SilentServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every injectable fault, seen from a plain client. */
class FakeServerFaultsTest {

    private static final String GENERATE = "{\"model\":\"llama3.1:8b\",\"prompt\":\"hi\"}";
    private FakeOllamaServer ollama;

    @BeforeEach
    void start() {
        ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "a", "b", "c", "d"));
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    @Test
    void busyAnswersLikeOllamaAndOnlyAsOftenAsAsked() throws Exception {
        ollama.faults().times("/api/generate", FakeOllamaServer.busy(Duration.ofSeconds(2)), 2);
        HttpResponse<String> first = Http.post(ollama.baseUri(), "/api/generate", GENERATE);
        assertEquals(503, first.statusCode());
        assertEquals(FakeOllamaServer.BUSY_MESSAGE, Http.json(first.body()).get("error").asText());
        assertEquals("2", first.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(503, Http.post(ollama.baseUri(), "/api/generate", GENERATE).statusCode());
        assertEquals(200, Http.post(ollama.baseUri(), "/api/generate", GENERATE).statusCode());
    }

    @Test
    void htmlErrorPage() throws Exception {
        ollama.faults().next(Fault.htmlError(500));
        HttpResponse<String> r = Http.get(ollama.baseUri(), "/api/tags");
        assertEquals(500, r.statusCode());
        assertEquals("text/html", Http.contentType(r));
        assertTrue(r.body().contains("<title>500 Internal Server Error</title>"));
    }

    @Test
    void errorMidStreamReplacesTheNextChunk() throws Exception {
        ollama.faults().next("/api/generate", Fault.errorMidStream(2, "model runner has unexpectedly stopped"));
        var lines = Http.lines(Http.post(ollama.baseUri(), "/api/generate", GENERATE).body());
        assertEquals(3, lines.size());
        assertEquals("b", lines.get(1).get("response").asText());
        assertEquals("model runner has unexpectedly stopped", lines.get(2).get("error").asText());
    }

    @Test
    void truncatedAndPartialStreamsEndCleanlyButIncomplete() throws Exception {
        ollama.faults().next("/api/generate", Fault.truncate(2));
        var lines = Http.lines(Http.post(ollama.baseUri(), "/api/generate", GENERATE).body());
        assertEquals(2, lines.size());
        assertFalse(lines.get(1).get("done").asBoolean());
        ollama.faults().next("/api/generate", Fault.partialLastLine(1));
        String body = Http.post(ollama.baseUri(), "/api/generate", GENERATE).body();
        assertFalse(body.endsWith("\n"));
        assertTrue(body.split("\n")[1].startsWith("{\"model\""), body);
    }

    @Test
    void droppedConnectionBreaksTheChunkedBody() {
        ollama.faults().next("/api/generate", Fault.dropMidStream(1));
        assertThrows(IOException.class, () -> Http.post(ollama.baseUri(), "/api/generate", GENERATE));
    }

    @Test
    void slowFirstByteDelaysTheStatusLine() throws Exception {
        ollama.faults().next(Fault.slowFirstByte(Duration.ofMillis(400)));
        long start = System.nanoTime();
        assertEquals(200, Http.get(ollama.baseUri(), "/api/version").statusCode());
        assertTrue(System.nanoTime() - start >= 400_000_000L);
    }

    @Test
    void neverAnswerStaysSilentUntilTheServerCloses() throws Exception {
        ollama.faults().next(Fault.neverAnswer());
        HttpURLConnection c = (HttpURLConnection) ollama.baseUri().resolve("/api/tags").toURL().openConnection();
        c.setReadTimeout(300);
        long start = System.nanoTime();
        assertThrows(java.net.SocketTimeoutException.class, c::getResponseCode);
        assertTrue(System.nanoTime() - start >= 300_000_000L);
        c.disconnect();
    }

    @Test
    void seesAClientThatGoesAwayMidStream() throws Exception {
        ollama.chunkDelay(Duration.ofMillis(50));
        try (Socket s = new Socket("127.0.0.1", ollama.port())) {
            byte[] body = GENERATE.getBytes(StandardCharsets.UTF_8);
            s.getOutputStream().write(("POST /api/generate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("HTTP/1.1 200 OK", in.readLine());
        }
        RecordedRequest request = ollama.lastRequest("/api/generate");
        assertTrue(request.awaitClientGone(Duration.ofSeconds(3)), "the server noticed the client leave");
        assertTrue(request.chunksWritten() < 5);
    }

    @Test
    void requiresTheBearerTokenWhenAsked() throws Exception {
        ollama.requireBearerToken("s3cret");
        FakeOllamaServerTest.assertError(401, "unauthorized", Http.get(ollama.baseUri(), "/api/tags"));
    }

    @Test
    void silentServerAcceptsAndNeverAnswers() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            HttpURLConnection c = (HttpURLConnection) silent.baseUri().resolve("/").toURL().openConnection();
            c.setReadTimeout(200);
            assertThrows(java.net.SocketTimeoutException.class, c::getResponseCode);
            assertEquals(1, silent.acceptedConnections());
        }
    }
}
