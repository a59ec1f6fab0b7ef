package io.futurnal.llm.http;

import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.CancelledException;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.LlmTimeoutException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

/** Maps the I/O failures of an exchange to the API's typed exceptions, naming the URL and the timeout involved. */
public final class IoFailures {

    /** How far an exchange had got when the failure happened. */
    public enum Phase {
        /** Before the status line arrived: connecting, sending, or waiting for the first byte. */
        WAITING_FOR_RESPONSE,
        /** While reading the body. */
        READING_BODY
    }

    private IoFailures() {
    }

    /**
     * The exception for {@code e}, raised while talking to {@code url}.
     *
     * <ul>
     *   <li>refused, unreachable or unknown host: {@link BackendConnectionException} naming the URL</li>
     *   <li>connect or read timeout: {@link LlmTimeoutException} naming which one, its value and its key</li>
     *   <li>a reset, early close or broken chunk while reading the body: {@link BackendConnectionException}
     *       saying the answer is incomplete</li>
     *   <li>an interrupted thread: {@link CancelledException}</li>
     * </ul>
     */
    public static LlmException map(IOException e, String url, HttpSettings settings, Phase phase) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof ConnectTimeoutException) {
            return new LlmTimeoutException("could not connect to " + url + " within the connect timeout of "
                    + settings.connectTimeout().describe() + "; is the host reachable?", e);
        }
        if (e instanceof SocketTimeoutException) {
            String where = phase == Phase.READING_BODY ? "in the middle of the response" : "while waiting for the response";
            return new LlmTimeoutException("no data from " + url + " for " + settings.readTimeout().millis()
                    + " ms " + where + ": the read timeout of " + settings.readTimeout().describe()
                    + " ran out; raise it if the model is slow to answer", e);
        }
        if (e instanceof ConnectionRequestTimeoutException) {
            return new LlmTimeoutException("no free connection to " + url + " within " + settings.readTimeout().describe()
                    + ": all " + settings.maxConnections() + " pooled connections stayed busy; raise "
                    + HttpSettings.MAX_CONNECTIONS.name() + " or make fewer concurrent calls", e);
        }
        if (e instanceof UnknownHostException) {
            return new BackendConnectionException("cannot connect to " + url + ": unknown host " + detail, e);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new BackendConnectionException("cannot connect to " + url + " (" + refusedDetail(detail)
                    + "); is the server running there?", e);
        }
        if (e instanceof SSLException) {
            return new BackendConnectionException("TLS with " + url + " failed: " + detail, e);
        }
        if (e instanceof NoHttpResponseException) {
            return new BackendConnectionException(url + " closed the connection without answering (" + detail + ")", e);
        }
        if (e instanceof InterruptedIOException) {
            return new CancelledException("the call to " + url + " was interrupted (" + detail + ")", e);
        }
        if (phase == Phase.READING_BODY) {
            return new BackendConnectionException("the connection to " + url + " broke in the middle of the response ("
                    + detail + "); the answer is incomplete", e);
        }
        return new BackendConnectionException("the connection to " + url + " failed before a response arrived ("
                + detail + ")", e);
    }

    private static String refusedDetail(String detail) {
        return detail.toLowerCase(java.util.Locale.ROOT).contains("refused") ? "connection refused" : detail;
    }
}
