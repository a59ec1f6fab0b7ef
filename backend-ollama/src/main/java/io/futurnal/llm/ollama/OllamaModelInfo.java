package io.futurnal.llm.ollama;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What {@code /api/show} says about a model.
 *
 * @param name         the model as asked for
 * @param family       the architecture, e.g. {@code llama}
 * @param parameterSize e.g. {@code 8.0B}
 * @param quantization e.g. {@code Q4_K_M}
 * @param capabilities e.g. {@code completion}, {@code tools}, {@code embedding}, {@code vision}, {@code thinking}
 * @param modelInfo    the GGUF metadata Ollama reports ({@code general.architecture}, {@code <arch>.context_length}, ...)
 * @param template     the prompt template
 * @param parameters   the Modelfile parameters, one per line
 * @param modelfile    the whole Modelfile
 */
public record OllamaModelInfo(String name, String family, String parameterSize, String quantization,
                              List<String> capabilities, Map<String, Object> modelInfo, String template,
                              String parameters, String modelfile) {

    /** Copies the capabilities and the metadata, keeping the metadata in its order. */
    public OllamaModelInfo {
        capabilities = List.copyOf(capabilities);
        modelInfo = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(modelInfo));
    }

    /** The context length from {@code <architecture>.context_length}, when reported. */
    public OptionalInt contextLength() {
        Object v = modelInfo.get(family + ".context_length");
        if (v == null) {
            v = modelInfo.get(modelInfo.getOrDefault("general.architecture", "") + ".context_length");
        }
        return v instanceof Number n ? OptionalInt.of(n.intValue()) : OptionalInt.empty();
    }

    /** Whether the model lists {@code capability}. */
    public boolean has(String capability) {
        return capabilities.contains(capability);
    }
}
