package io.futurnal.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One logical model and its name on each backend.
 *
 * @param name    the canonical short name, e.g. {@code llama-3.1-8b-instruct}
 * @param aliases other names users type, e.g. {@code llama3.1}
 * @param names   the model's name per backend id (a backend documents which ids it reads); a backend
 *                missing here has no published form of the model
 */
public record ModelEntry(String name, List<String> aliases, Map<String, String> names) {

    /** Requires a non-blank name; null aliases or names become empty, blank names are dropped. */
    public ModelEntry {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a model entry needs a name");
        }
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        Map<String, String> kept = new LinkedHashMap<>();
        if (names != null) {
            names.forEach((backend, value) -> {
                if (backend != null && value != null && !value.isBlank()) {
                    kept.put(backend, value);
                }
            });
        }
        names = java.util.Collections.unmodifiableMap(kept);
    }

    /** The name of this model on {@code backendId}, if it is published there. */
    public Optional<String> nameFor(String backendId) {
        return Optional.ofNullable(names.get(backendId));
    }

    /** A copy with the name on {@code backendId} set (a third-party backend adding its own column). */
    public ModelEntry withName(String backendId, String backendName) {
        Map<String, String> all = new LinkedHashMap<>(names);
        all.put(backendId, backendName);
        return new ModelEntry(name, aliases, all);
    }

    /**
     * Every name this entry answers to: its name, its aliases and each backend's name, except file
     * patterns ({@code *}-globs and {@code .gguf} file names), which users do not type as a model.
     */
    public List<String> allNames() {
        List<String> all = new ArrayList<>();
        all.add(name);
        all.addAll(aliases);
        names.values().stream().filter(v -> !v.contains("*") && !v.endsWith(".gguf")).forEach(all::add);
        return all;
    }
}
