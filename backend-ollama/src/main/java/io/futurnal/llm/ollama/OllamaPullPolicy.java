package io.futurnal.llm.ollama;

import io.futurnal.llm.ConfigurationException;
import java.util.Locale;

/** When the client pulls the configured model by itself ({@code futurnal.ollama.pull}). */
enum OllamaPullPolicy {
    /** Never: a missing model is a {@link io.futurnal.llm.ModelNotFoundException} with the {@code ollama pull} hint. */
    NEVER,
    /** When the server answers that the model is not there, pull it, then go on. */
    WHEN_MISSING,
    /** Pull once when the client is first used, so that a newer version of the tag is fetched. */
    ALWAYS;

    /** The form the setting takes, e.g. {@code when_missing}. */
    String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OllamaPullPolicy parse(String text, String source) {
        String v = text.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (OllamaPullPolicy p : values()) {
            if (p.settingName().equals(v)) {
                return p;
            }
        }
        throw new ConfigurationException(source + " is '" + text + "'; use never, when_missing or always");
    }
}
