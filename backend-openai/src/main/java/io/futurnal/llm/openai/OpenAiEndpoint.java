package io.futurnal.llm.openai;

import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.http.BearerToken;
import java.net.URI;
import java.util.Optional;

/**
 * Where the OpenAI-compatible server is and how to authenticate, read from the configuration.
 *
 * @param baseUri       the API root including its {@code /v1} prefix, without a trailing slash
 * @param token         the API key, if one is configured
 * @param tokenSource   which key supplied the token, for messages (never the value)
 */
record OpenAiEndpoint(URI baseUri, Optional<BearerToken> token, String tokenSource) {

    /** Said when no base URL is configured. */
    static final String NOT_CONFIGURED = OpenAiSettings.notConfigured();

    /**
     * The endpoint configured in {@code config}, or empty when no base URL is set.
     *
     * @throws io.futurnal.llm.ConfigurationException when the URL is malformed or the key is unusable
     */
    static Optional<OpenAiEndpoint> from(LlmConfig config) {
        Optional<URI> uri = config.find(OpenAiSettings.BASE_URL);
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        Optional<BearerToken> token = config.find(OpenAiSettings.API_KEY);
        return Optional.of(new OpenAiEndpoint(withoutTrailingSlash(uri.get()), token, config.describe(OpenAiSettings.API_KEY)));
    }

    /** The URL of {@code path} under the base, for messages. */
    String url(String path) {
        return baseUri + path;
    }

    private static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    @Override
    public String toString() {
        return "OpenAiEndpoint[" + baseUri + ", api key " + (token.isPresent() ? "set" : "not set") + "]";
    }
}
