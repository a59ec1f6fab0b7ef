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
 * Maps one logical model to its name on each backend ({@link ModelEntry#names()}). Lookups ignore
 * case and accept any of an entry's names. A name the registry does not know passes through
 * unchanged, so a backend can still be given its own names. Immutable and thread-safe; the
 * {@code with...} methods return a new registry in which the added entries win.
 *
 * <p>A user file ({@link LlmConfig#MODELS_FILE}) looks like this; {@code names} maps a backend id
 * to the model's name there, so a third-party backend adds its own column. The older fields
 * {@code huggingFaceId}, {@code ollamaTag} and {@code ggufFile} are still read, as the columns the
 * built-in table ({@code models.json} beside this class) assigns them.
 * <pre>{@code
 * {"models": [
 *   {"name": "phi-3-mini", "aliases": ["phi3"],
 *    "names": {"ollama": "phi3:mini", "mybackend": "phi-3-mini-q4"},
 *    "huggingFaceId": "microsoft/Phi-3-mini-4k-instruct", "ggufFile": "Phi-3-mini-4k-instruct*.gguf"}
 * ]}
 * }</pre>
 */
public final class ModelRegistry {

    /** The smallest shipped model, used when tests ask for the fast model. */
    public static final String FAST_MODEL = "stories260k";

    private static final String BUILT_IN_FILE = "models.json";
    /** The older per-backend fields of a models file and the backend ids they fill, from the built-in file. */
    private static final Map<String, String> LEGACY_COLUMNS;
    private static final List<ModelEntry> BUILT_IN;

    static {
        Map<?, ?> root = builtInFile();
        Map<String, String> columns = new LinkedHashMap<>();
        if (root.get("columns") instanceof Map<?, ?> m) {
            m.forEach((field, id) -> columns.put((String) field, (String) id));
        }
        LEGACY_COLUMNS = Map.copyOf(columns);
        BUILT_IN = entriesFrom(root, "the built-in " + BUILT_IN_FILE);
    }

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
        List<ModelEntry> parsed;
        try {
            parsed = entriesFrom(Json.parse(text), "the model mapping file " + file);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("the model mapping file " + file + " is invalid: " + e.getMessage(), e);
        }
        return with(parsed.toArray(ModelEntry[]::new));
    }

    /** The entry answering to {@code name} (canonical name, alias, HF id or Ollama tag), ignoring case. */
    public Optional<ModelEntry> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(key(name)));
    }

    /** The name of {@code model} on {@code backendId}, when the registry knows the model and it is published there. */
    public Optional<String> nameFor(String model, String backendId) {
        return find(model).flatMap(e -> e.nameFor(backendId));
    }

    /** The name of {@code model} on {@code backendId}, or {@code model} itself when the registry has none. */
    public String nameOrSelf(String model, String backendId) {
        return nameFor(model, backendId).orElse(model);
    }

    /** All entries, built-in first, in a stable order. */
    public List<ModelEntry> entries() {
        return entries;
    }

    private static Map<?, ?> builtInFile() {
        try (java.io.InputStream in = ModelRegistry.class.getResourceAsStream(BUILT_IN_FILE)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN_FILE + " is missing from the api jar");
            }
            return (Map<?, ?>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the built-in " + BUILT_IN_FILE, e);
        }
    }

    private static List<ModelEntry> entriesFrom(Object root, String what) {
        Object list = root instanceof Map<?, ?> m ? m.get("models") : root;
        if (!(list instanceof List<?> items)) {
            throw new IllegalArgumentException("expected {\"models\": [...]} or a top-level array");
        }
        List<ModelEntry> parsed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            parsed.add(entryFrom(items.get(i), i));
        }
        return parsed;
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
        Map<String, String> names = new LinkedHashMap<>();
        if (LEGACY_COLUMNS != null) {
            LEGACY_COLUMNS.forEach((field, backend) -> {
                String v = text(map, field, index);
                if (v != null) {
                    names.put(backend, v);
                }
            });
        }
        Object n = map.get("names");
        if (n instanceof Map<?, ?> columns) {
            columns.forEach((backend, v) -> {
                if (!(v instanceof String s)) {
                    throw new IllegalArgumentException("entry '" + name + "': \"names\" values must be strings");
                }
                names.put((String) backend, s);
            });
        } else if (n != null) {
            throw new IllegalArgumentException("entry '" + name + "': \"names\" must be an object of backend id to name");
        }
        return new ModelEntry(name, aliases, names);
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
