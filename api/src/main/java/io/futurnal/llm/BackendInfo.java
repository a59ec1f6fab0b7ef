package io.futurnal.llm;

import java.util.Map;

/**
 * What a client runs on.
 *
 * @param backend the provider id, e.g. {@code mybackend}
 * @param model   the model as the backend names it, e.g. {@code llama3.1:8b} or a GGUF path
 * @param details backend-specific facts worth showing a user (base URL, file size, threads)
 */
public record BackendInfo(String backend, String model, Map<String, String> details) {
    /** Copies {@code details} so the record stays immutable. */
    public BackendInfo {
        details = Map.copyOf(details);
    }

    /** Describes a client without backend-specific details. */
    public BackendInfo(String backend, String model) {
        this(backend, model, Map.of());
    }
}
