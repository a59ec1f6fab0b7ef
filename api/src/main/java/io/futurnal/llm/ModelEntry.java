package io.futurnal.llm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One logical model and its name on each backend. Any name but {@code name} may be {@code null}
 * when the model is not published in that form.
 *
 * @param name          the canonical short name, e.g. {@code llama-3.1-8b-instruct}
 * @param huggingFaceId the Hugging Face repository id, e.g. {@code meta-llama/Llama-3.1-8B-Instruct}
 * @param ollamaTag     the Ollama tag, e.g. {@code llama3.1:8b}
 * @param ggufFile      a GGUF file name or glob, e.g. {@code *Llama-3.1-8B-Instruct*.gguf}
 * @param aliases       other names users type, e.g. {@code llama3.1}
 */
public record ModelEntry(String name, String huggingFaceId, String ollamaTag, String ggufFile, List<String> aliases) {

    /** Requires a non-blank name; null aliases become an empty list. */
    public ModelEntry {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a model entry needs a name");
        }
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    /** The Hugging Face repository id, when the model is published there. */
    public Optional<String> huggingFace() {
        return Optional.ofNullable(huggingFaceId);
    }

    /** The Ollama tag, when the model is published for Ollama. */
    public Optional<String> ollama() {
        return Optional.ofNullable(ollamaTag);
    }

    /** The GGUF file name or glob, when the model is published as GGUF. */
    public Optional<String> gguf() {
        return Optional.ofNullable(ggufFile);
    }

    /** Every name this entry answers to. */
    public List<String> allNames() {
        List<String> names = new java.util.ArrayList<>();
        names.add(name);
        names.addAll(aliases);
        if (huggingFaceId != null) {
            names.add(huggingFaceId);
        }
        if (ollamaTag != null) {
            names.add(ollamaTag);
        }
        return names;
    }
}
