package io.futurnal.llm;

import io.futurnal.llm.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps one logical model to its name per backend: Hugging Face id, Ollama tag, GGUF file. Lookups
 * ignore case and accept any of an entry's names. A name the registry does not know passes through
 * unchanged, so a backend can still be given its own names. Immutable and thread-safe; the
 * {@code with...} methods return a new registry in which the added entries win.
 *
 * <p>A user file ({@link LlmConfig#MODELS_FILE}) looks like:
 * <pre>{@code
 * {"models": [
 *   {"name": "phi-3-mini", "huggingFaceId": "microsoft/Phi-3-mini-4k-instruct",
 *    "ollamaTag": "phi3:mini", "ggufFile": "Phi-3-mini-4k-instruct*.gguf", "aliases": ["phi3"]}
 * ]}
 * }</pre>
 */
public final class ModelRegistry {

    /** The smallest shipped model, used when tests ask for the fast model. */
    public static final String FAST_MODEL = "stories260k";

    private static final List<ModelEntry> BUILT_IN = List.of(
            new ModelEntry("llama-3.1-8b-instruct", "meta-llama/Llama-3.1-8B-Instruct", "llama3.1:8b",
                    "*Llama-3.1-8B-Instruct*.gguf", List.of("llama3.1", "llama3.1-8b")),
            new ModelEntry("llama-3.3-70b-instruct", "meta-llama/Llama-3.3-70B-Instruct", "llama3.3:70b",
                    "*Llama-3.3-70B-Instruct*.gguf", List.of("llama3.3", "llama3.3-70b")),
            new ModelEntry("qwen2.5-coder-32b-instruct", "Qwen/Qwen2.5-Coder-32B-Instruct", "qwen2.5-coder:32b",
                    "*Qwen2.5-Coder-32B-Instruct*.gguf", List.of("qwen2.5-coder", "qwen2.5-coder-32b")),
            new ModelEntry("bielik-4.5b-v3-instruct", "speakleash/Bielik-4.5B-v3.0-Instruct", "bielik:4.5b",
                    "*Bielik-4.5B-v3.0-Instruct*.gguf", List.of("bielik", "bielik-4.5b")),
            new ModelEntry("llama-3.2-3b-instruct", "meta-llama/Llama-3.2-3B-Instruct", "llama3.2:3b",
                    "*Llama-3.2-3B-Instruct*.gguf", List.of("llama3.2", "llama3.2-3b")),
            new ModelEntry("llama-3.2-1b-instruct", "meta-llama/Llama-3.2-1B-Instruct", "llama3.2:1b",
                    "*Llama-3.2-1B-Instruct*.gguf", List.of("llama3.2-1b")),
            new ModelEntry("qwen2.5-0.5b-instruct", "Qwen/Qwen2.5-0.5B-Instruct", "qwen2.5:0.5b",
                    "*Qwen2.5-0.5B-Instruct*.gguf", List.of("qwen2.5-0.5b")),
            new ModelEntry(FAST_MODEL, null, null, "stories260K.gguf", List.of("stories260K", "tinystories", "fast")));

    private static final ModelRegistry BUILT_IN_REGISTRY = new ModelRegistry(BUILT_IN);

    private final List<ModelEntry> entries;
    private final Map<String, ModelEntry> byName;

    private ModelRegistry(List<ModelEntry> entries) {
        Map<String, ModelEntry> canonical = new LinkedHashMap<>();
        for (ModelEntry e : entries) {
            canonical.put(key(e.name()), e);
        }
        this.entries = List.copyOf(canonical.values());
        Map<String, ModelEntry> index = new LinkedHashMap<>();
        for (ModelEntry e : this.entries) {
            for (String n : e.allNames()) {
                index.put(key(n), e);
            }
        }
        // canonical names win over another entry's alias of the same spelling
        for (ModelEntry e : this.entries) {
            index.put(key(e.name()), e);
        }
        this.byName = Map.copyOf(index);
    }

    /** The built-in mappings: the seed's four models, a few small ones and the shipped model. */
    public static ModelRegistry builtIn() {
        return BUILT_IN_REGISTRY;
    }

    /** A registry holding exactly these entries. */
    public static ModelRegistry of(List<ModelEntry> entries) {
        return new ModelRegistry(entries);
    }

    /** A copy with these entries added; an entry with the name of an existing one replaces it. */
    public ModelRegistry with(ModelEntry... added) {
        List<ModelEntry> all = new ArrayList<>(entries);
        all.addAll(List.of(added));
        return new ModelRegistry(all);
    }

    /**
     * A copy with the entries of a JSON file added (see the class comment for the format).
     *
     * @throws ConfigurationException when the file cannot be read or an entry is malformed
     */
    public ModelRegistry withEntriesFrom(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the model mapping file " + file + ": " + e.getMessage(), e);
        }
        List<ModelEntry> parsed = new ArrayList<>();
        try {
            Object root = Json.parse(text);
            Object list = root instanceof Map<?, ?> m ? m.get("models") : root;
            if (!(list instanceof List<?> items)) {
                throw new IllegalArgumentException("expected {\"models\": [...]} or a top-level array");
            }
            for (int i = 0; i < items.size(); i++) {
                parsed.add(entryFrom(items.get(i), i));
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("the model mapping file " + file + " is invalid: " + e.getMessage(), e);
        }
        return with(parsed.toArray(ModelEntry[]::new));
    }

    /** The entry answering to {@code name} (canonical name, alias, HF id or Ollama tag), ignoring case. */
    public Optional<ModelEntry> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(key(name)));
    }

    /** The Ollama tag for {@code name}, or {@code name} itself when the registry has none. */
    public String ollamaTag(String name) {
        return find(name).flatMap(ModelEntry::ollama).orElse(name);
    }

    /** The Hugging Face id for {@code name}, or {@code name} itself when the registry has none. */
    public String huggingFaceId(String name) {
        return find(name).flatMap(ModelEntry::huggingFace).orElse(name);
    }

    /** The GGUF file name or glob for {@code name}, if the registry has one. */
    public Optional<String> ggufFile(String name) {
        return find(name).flatMap(ModelEntry::gguf);
    }

    /** All entries, built-in first, in a stable order. */
    public List<ModelEntry> entries() {
        return entries;
    }

    private static ModelEntry entryFrom(Object item, int index) {
        if (!(item instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("entry " + index + " is not an object");
        }
        String name = text(map, "name", index);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("entry " + index + " has no \"name\"");
        }
        List<String> aliases = new ArrayList<>();
        Object a = map.get("aliases");
        if (a instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new IllegalArgumentException("entry '" + name + "': aliases must be strings");
                }
                aliases.add(s);
            }
        } else if (a != null) {
            throw new IllegalArgumentException("entry '" + name + "': \"aliases\" must be an array of strings");
        }
        return new ModelEntry(name, text(map, "huggingFaceId", index), text(map, "ollamaTag", index),
                text(map, "ggufFile", index), aliases);
    }

    private static String text(Map<?, ?> map, String field, int index) {
        Object v = map.get(field);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException("entry " + index + ": \"" + field + "\" must be a string");
        }
        return (String) v;
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
