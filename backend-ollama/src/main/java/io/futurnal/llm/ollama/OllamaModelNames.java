package io.futurnal.llm.ollama;

import io.futurnal.llm.ConfigurationException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Ollama's model-name rules: {@code [host/][namespace/]model[:tag]}, the tag defaulting to {@code latest}. */
final class OllamaModelNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]*");

    private OllamaModelNames() {
    }

    /**
     * The name as Ollama lists it: {@code registry.ollama.ai/} and {@code library/} dropped and
     * {@code :latest} added when there is no tag, so {@code llama3.1} is {@code llama3.1:latest}
     * (which is not {@code llama3.1:8b}).
     */
    static String normalize(String name) {
        String n = name.strip();
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

    /** Whether two names denote the same model (after normalising, ignoring case, as Ollama matches them). */
    static boolean same(String a, String b) {
        return normalize(a).toLowerCase(Locale.ROOT).equals(normalize(b).toLowerCase(Locale.ROOT));
    }

    /**
     * Checks that {@code name} can be an Ollama model name.
     *
     * @param source where the name came from, for the message
     * @throws ConfigurationException for a file path, a GGUF file or characters Ollama rejects
     */
    static String requireValid(String name, String source) {
        String n = name.strip();
        if (n.toLowerCase(Locale.ROOT).endsWith(".gguf") || n.startsWith("/") || n.startsWith(".") || n.contains("\\")) {
            throw new ConfigurationException(source + " is '" + name + "', a file; the Ollama backend takes a model tag"
                    + " such as llama3.1:8b (use the llamacpp backend for GGUF files)");
        }
        if (!VALID.matcher(n).matches() || n.endsWith(":") || n.endsWith("/")) {
            throw new ConfigurationException(source + " is '" + name + "', which is not an Ollama model name;"
                    + " use [namespace/]model[:tag], e.g. llama3.1:8b");
        }
        return n;
    }
}
