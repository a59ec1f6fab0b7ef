package io.futurnal.llm.it;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.hf.HfClient;
import io.futurnal.llm.llamacpp.LlamaCppClient;
import java.util.Map;

/**
 * Clients of both backends on the shipped stories260K model (GGUF for llama.cpp, the same
 * weights in Hugging Face layout for hf), made through the library's front door and shared by
 * the tests of one JVM.
 */
final class Backends {

    private static HfClient hf;
    private static LlamaCppClient llamaCpp;

    private Backends() {
    }

    /** Configuration for {@code backend} with the default (shipped) model and a clean environment. */
    static LlmConfig config(String backend, Map<String, String> settings) {
        LlmConfig.Builder builder = LlmConfig.builder().environment(Map.of()).backend(backend);
        settings.forEach(builder::set);
        return builder.build();
    }

    static synchronized HfClient hf() {
        if (hf == null) {
            hf = open(config("hf", Map.of()), HfClient.class);
        }
        return hf;
    }

    static synchronized LlamaCppClient llamaCpp() {
        if (llamaCpp == null) {
            llamaCpp = open(config("llamacpp", Map.of()), LlamaCppClient.class);
        }
        return llamaCpp;
    }

    /** A client for {@code config}, unwrapped to the backend's own type; the caller owns it. */
    static <T> T open(LlmConfig config, Class<T> type) {
        LlmClient client = LlmClients.create(config);
        return client.unwrap(type).orElseThrow(() -> new AssertionError(
                "backend " + config.backend() + " gave a " + client.getClass().getName() + ", not a " + type.getName()));
    }
}
