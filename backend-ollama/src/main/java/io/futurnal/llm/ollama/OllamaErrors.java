package io.futurnal.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.futurnal.llm.AuthenticationException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ContextLengthExceededException;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.UnsupportedCapabilityException;
import io.futurnal.llm.http.BearerToken;
import io.futurnal.llm.http.ErrorBodies;
import io.futurnal.llm.http.ErrorTranslator;
import io.futurnal.llm.http.HttpErrorResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ollama's error contract: {@code {"error": "..."}} bodies; 404 "model 'x' not found" is a
 * {@link ModelNotFoundException} with the pull hint; 400 an invalid request; 401/403 a refused
 * key; 429/503 retryable; anything else, HTML pages included, a backend failure with the status and
 * a short excerpt. The same texts inside a 200 stream are handled by {@link #midStream}.
 */
final class OllamaErrors implements ErrorTranslator {

    private static final Pattern NOT_FOUND = Pattern.compile("model ['\"](.+?)['\"] not found");
    /**
     * What Ollama says when a prompt does not fit {@code num_ctx} and the request has
     * {@code "truncate": false}: "the input length exceeds the context length" (its runners),
     * "input exceeds maximum context length" (embed).
     */
    private static final Pattern CONTEXT_EXCEEDED = Pattern.compile("exceeds (the |maximum )?context length");

    private final ObjectMapper mapper;
    private final Optional<BearerToken> token;

    OllamaErrors(ObjectMapper mapper, Optional<BearerToken> token) {
        this.mapper = mapper;
        this.token = token;
    }

    /** A server's text as it may appear in a message: never the token, never terminal controls. */
    String safe(String serverText) {
        return ErrorBodies.safe(serverText, token);
    }

    /** A one-line excerpt of a server's body, withheld when it repeats the token anywhere. */
    String excerpt(String body) {
        return ErrorBodies.safeExcerpt(body, null, token);
    }

    /** The hint of every model-not-found error. */
    static String pullHint(String model) {
        return "run: ollama pull " + model;
    }

    @Override
    public LlmException translate(HttpErrorResponse r) {
        Optional<String> ollamaMessage = message(r.body());
        String message = ollamaMessage.map(this::safe).orElseGet(() -> r.excerpt(token));
        int status = r.status();
        if (status == 404) {
            Matcher m = NOT_FOUND.matcher(message);
            if (m.find()) {
                return new ModelNotFoundException(m.group(1), pullHint(m.group(1)));
            }
        }
        if ((status == 400 || status == 500) && CONTEXT_EXCEEDED.matcher(message).find()) {
            return contextExceeded(message);
        }
        if (status == 401 || status == 403) {
            return new AuthenticationException("Ollama at " + r.url() + " refused the request (HTTP " + status + ": "
                    + message + "); " + (token.isPresent() ? "the configured API key was not accepted"
                    : "set FUTURNAL_OLLAMA_API_KEY for a server that needs a key (OLLAMA_API_KEY is sent over https only)"));
        }
        if (status == 400) {
            Optional<Capability> missing = unsupported(message);
            if (missing.isPresent()) {
                return new UnsupportedCapabilityException(missing.get(), "Ollama rejected " + r.request() + ": " + message);
            }
            return new InvalidRequestException("Ollama rejected " + r.request() + " (HTTP 400): " + message);
        }
        return ErrorTranslator.generic(r, message);
    }

    /** The exception for an {@code {"error": ...}} line in a 200 stream. */
    LlmException midStream(String serverMessage, String url) {
        String message = safe(serverMessage);
        Matcher m = NOT_FOUND.matcher(message);
        if (m.find()) {
            return new ModelNotFoundException(m.group(1), pullHint(m.group(1)));
        }
        if (CONTEXT_EXCEEDED.matcher(message).find()) {
            return contextExceeded(message);
        }
        return new BackendFailureException("Ollama at " + url + " reported an error in the middle of the answer: "
                + message + "; the answer is incomplete");
    }

    /** Ollama's refusal of a prompt too long for the window; the client adds the sizes ({@link OllamaContextLimit#explain}). */
    private static ContextLengthExceededException contextExceeded(String message) {
        return new ContextLengthExceededException("Ollama refused the prompt: " + message
                + "; raise " + OllamaSettings.CONTEXT.environmentName() + " or shorten the prompt");
    }

    /** The text of an {@code {"error": ...}} body (a string, or an object's {@code message}), if it is one. */
    Optional<String> message(String body) {
        String trimmed = body.strip();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode error = mapper.readTree(trimmed).path("error");
            if (error.isTextual()) {
                return Optional.of(error.asText());
            }
            if (error.path("message").isTextual()) {
                return Optional.of(error.path("message").asText());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Capability> unsupported(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (!m.contains("does not support")) {
            return Optional.empty();
        }
        if (m.endsWith("does not support chat")) {
            return Optional.of(Capability.CHAT);
        }
        if (m.contains("does not support embed")) {
            return Optional.of(Capability.EMBEDDINGS);
        }
        if (m.contains("does not support vision") || m.contains("does not support image")) {
            return Optional.of(Capability.IMAGES);
        }
        if (m.contains("does not support tools")) {
            return Optional.of(Capability.TOOLS);
        }
        if (m.contains("does not support thinking")) {
            return Optional.of(Capability.REASONING);
        }
        return Optional.empty();
    }
}
