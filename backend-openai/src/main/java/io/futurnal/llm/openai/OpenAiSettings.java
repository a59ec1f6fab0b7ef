package io.futurnal.llm.openai;

import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.http.BearerToken;
import io.futurnal.llm.http.HttpSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The {@code openai} backend's id and configuration keys, each declared once. */
final class OpenAiSettings {

    /** The provider id. */
    static final String ID = "openai";

    /** The API root with its {@code /v1}; OpenAI's own clients' {@code OPENAI_BASE_URL} when unset. */
    static final ConfigKey<URI> BASE_URL = ConfigKey.httpUrl("futurnal.openai.base.url",
            "the API root including `/v1`, e.g. `http://127.0.0.1:8000/v1` for `vllm serve`")
            .withFallbacks("openai.base.url").withDefaultText("— (unavailable)");
    /** Sent as a bearer token; OpenAI's own clients' {@code OPENAI_API_KEY} when unset. */
    static final ConfigKey<BearerToken> API_KEY = ConfigKey.of("futurnal.openai.api.key", BearerToken::of,
            "a bearer token. Local servers need none. It is never logged").withFallbacks("openai.api.key");
    /** The model for embeddings, when it is not the chat model. */
    static final ConfigKey<String> EMBEDDING_MODEL = ConfigKey.string("futurnal.openai.embedding.model",
            "the model used by `embed`").withDefaultText("the chat model");

    /** The registry column this backend reads model names from: servers name models by their Hugging Face id. */
    static final String MODEL_COLUMN = "hf";

    private OpenAiSettings() {
    }

    /** This backend's keys and the shared HTTP ones. */
    static List<ConfigKey<?>> configKeys() {
        List<ConfigKey<?>> all = new ArrayList<>(List.of(BASE_URL, API_KEY, EMBEDDING_MODEL));
        all.addAll(HttpSettings.configKeys());
        return List.copyOf(all);
    }

    /** Said when no base URL is configured. */
    static String notConfigured() {
        return String.join(" / ", BASE_URL.names().stream().map(io.futurnal.llm.LlmConfig::environmentName).toList())
                + " is not set";
    }
}
