package io.futurnal.llm;

import java.util.Map;

/**
 * What a client runs on.
 *
 * @param backend the provider id, e.g. {@code ollama}
 * @param model   the model as the backend names it, e.g. {@code llama3.1:8b} or a GGUF path
 * @param details backend-specific facts worth showing a user (base URL, file size, threads)
 */
public record BackendInfo(String backend, String model, Map<String, String> details) {
    public BackendInfo {
        details = Map.copyOf(details);
    }

    public BackendInfo(String backend, String model) {
        this(backend, model, Map.of());
    }
}
