package io.futurnal.llm.http;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.CancelledException;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.LlmTimeoutException;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.junit.jupiter.api.Test;

class IoFailuresTest {

    private static final String URL = "http://127.0.0.1:11434/api/chat";
    private final HttpSettings settings = new HttpSettings(URI.create("http://127.0.0.1:11434"),
            new TimeoutSetting(Duration.ofSeconds(10), "FUTURNAL_LLM_CONNECT_TIMEOUT"),
            new TimeoutSetting(Duration.ofMinutes(5), "FUTURNAL_LLM_READ_TIMEOUT"),
            Optional.empty(), Optional.empty(), RetryPolicy.DEFAULT, 8, HttpSettings.USER_AGENT);

    private LlmException map(Exception e, IoFailures.Phase phase) {
        return IoFailures.map((java.io.IOException) e, URL, settings, phase);
    }

    @Test
    void connectTimeoutNamesTheConnectKey() {
        LlmException e = map(new ConnectTimeoutException("Connect timed out"), IoFailures.Phase.WAITING_FOR_RESPONSE);
        assertInstanceOf(LlmTimeoutException.class, e);
        assertTrue(e.getMessage().contains("connect timeout of 10000 ms (set by FUTURNAL_LLM_CONNECT_TIMEOUT)"), e.getMessage());
    }

    @Test
    void readTimeoutSaysWhereItHappened() {
        LlmException waiting = map(new SocketTimeoutException("Read timed out"), IoFailures.Phase.WAITING_FOR_RESPONSE);
        LlmException reading = map(new SocketTimeoutException("Read timed out"), IoFailures.Phase.READING_BODY);
        assertInstanceOf(LlmTimeoutException.class, waiting);
        assertTrue(waiting.getMessage().contains("read timeout of 300000 ms (set by FUTURNAL_LLM_READ_TIMEOUT)"));
        assertTrue(waiting.getMessage().contains("waiting for the response"));
        assertTrue(reading.getMessage().contains("in the middle of the response"));
    }

    @Test
    void poolExhaustionNamesThePoolSizeKey() {
        LlmException e = map(new ConnectionRequestTimeoutException("Timeout deadline"), IoFailures.Phase.WAITING_FOR_RESPONSE);
        assertInstanceOf(LlmTimeoutException.class, e);
        assertTrue(e.getMessage().contains(HttpSettings.MAX_CONNECTIONS.name()), e.getMessage());
    }

    @Test
    void refusedAndUnknownHostsAreConnectionFailuresNamingTheUrl() {
        LlmException refused = map(new ConnectException("Connection refused"), IoFailures.Phase.WAITING_FOR_RESPONSE);
        assertInstanceOf(BackendConnectionException.class, refused);
        assertTrue(refused.getMessage().startsWith("cannot connect to " + URL + " (connection refused)"), refused.getMessage());
        LlmException unknown = map(new UnknownHostException("nohost.invalid"), IoFailures.Phase.WAITING_FOR_RESPONSE);
        assertInstanceOf(BackendConnectionException.class, unknown);
    }

    @Test
    void breaksMidStreamSayTheAnswerIsIncomplete() {
        for (Exception e : new Exception[] {new SocketException("Connection reset"), new EOFException(),
                new ConnectionClosedException("Premature end of chunk coded message body")}) {
            LlmException mapped = map(e, IoFailures.Phase.READING_BODY);
            assertInstanceOf(BackendConnectionException.class, mapped);
            assertTrue(mapped.getMessage().contains("the answer is incomplete"), mapped.getMessage());
        }
    }

    @Test
    void interruptionIsCancellation() {
        assertInstanceOf(CancelledException.class, map(new InterruptedIOException("interrupted"), IoFailures.Phase.READING_BODY));
    }
}
