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
    static final String NOT_CONFIGURED = "FUTURNAL_OPENAI_BASE_URL / OPENAI_BASE_URL is not set";

    /**
     * The endpoint configured in {@code config}, or empty when no base URL is set.
     *
     * @throws io.futurnal.llm.ConfigurationException when the URL is malformed or the key is unusable
     */
    static Optional<OpenAiEndpoint> from(LlmConfig config) {
        String urlKey = config.get(OpenAiProvider.BASE_URL).isPresent() ? OpenAiProvider.BASE_URL
                : OpenAiProvider.BASE_URL_FALLBACK;
        Optional<URI> uri = config.getHttpUrl(urlKey);
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        String keyKey = config.get(OpenAiProvider.API_KEY).isPresent() ? OpenAiProvider.API_KEY
                : OpenAiProvider.API_KEY_FALLBACK;
        String source = config.describe(keyKey);
        Optional<BearerToken> token = config.get(keyKey).map(v -> BearerToken.of(v, source));
        return Optional.of(new OpenAiEndpoint(withoutTrailingSlash(uri.get()), token, source));
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
