package io.futurnal.llm.testserver.ollama;

import java.util.Locale;

/** Ollama's model-name rules as the fake server applies them. */
final class OllamaNames {

    private OllamaNames() {
    }

    /**
     * The short display form: the default registry host and {@code library/} namespace dropped, and
     * {@code :latest} added when there is no tag.
     */
    static String normalize(String name) {
        String n = name.trim();
        if (n.startsWith("registry.ollama.ai/")) {
            n = n.substring("registry.ollama.ai/".length());
        }
        if (n.startsWith("library/")) {
            n = n.substring("library/".length());
        }
        int slash = n.lastIndexOf('/');
        if (n.indexOf(':', slash + 1) < 0) {
            n = n + ":latest";
        }
        return n;
    }

    /** The key two names match under: normalised, ignoring case. */
    static String key(String name) {
        return normalize(name).toLowerCase(Locale.ROOT);
    }
}
