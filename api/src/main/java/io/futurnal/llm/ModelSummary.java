package io.futurnal.llm;

import java.util.Map;

/**
 * A model a backend has locally.
 *
 * @param name      the name to pass as a model
 * @param sizeBytes size on disk, or 0 when unknown
 * @param details   backend facts (family, parameter size, quantization)
 */
public record ModelSummary(String name, long sizeBytes, Map<String, String> details) {
    /** Copies {@code details} so the record stays immutable. */
    public ModelSummary {
        details = Map.copyOf(details);
    }
}
