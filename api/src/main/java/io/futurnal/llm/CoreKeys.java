package io.futurnal.llm;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The keys every backend shares, each declared once. {@link LlmConfig} validates them all when it is
 * built; read one with {@link LlmConfig#value(ConfigKey)} or {@link LlmConfig#find(ConfigKey)}.
 * Backends declare their own keys in their settings types and list them in
 * {@link io.futurnal.llm.spi.LlmBackendProvider#configKeys()}.
 */
public final class CoreKeys {

    private static final Pattern BACKEND_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /** Backend id or alias, or {@code auto}. */
    public static final ConfigKey<String> BACKEND = ConfigKey.of("futurnal.llm.backend", CoreKeys::backendId,
            LlmConfig.AUTO, "`auto`, or a backend id or alias");
    /** The model to run (a registry name, an HF id, an Ollama tag, a path), as in the seed. */
    public static final ConfigKey<String> MODEL = ConfigKey.string("futurnal.production.llm",
            "the model: a registry name, a backend's own model name, or a path").withDefaultText("each backend's own");
    /** How long one probe waits for its server (network backends). */
    public static final ConfigKey<Duration> PROBE_TIMEOUT = ConfigKey.positiveDuration("futurnal.llm.probe.timeout",
            Duration.ofMillis(500), "how long a network probe waits for its server, so a blackholed server costs this much");
    /** One deadline for detection as a whole: probes still running then count as timed out. */
    public static final ConfigKey<Duration> DETECT_TIMEOUT = ConfigKey.positiveDuration("futurnal.llm.detect.timeout",
            Duration.ofSeconds(3), "one deadline for detection as a whole. A probe still running then is reported as timed out");
    /** Total time of one call; 0 means no limit, the default. */
    public static final ConfigKey<Duration> REQUEST_TIMEOUT = ConfigKey.duration("futurnal.llm.request.timeout",
            Duration.ZERO, "total time per call. Long generations are never cut unless you set this").withDefaultText("0 (none)");
    /** A JSON file with more model mappings. */
    public static final ConfigKey<java.nio.file.Path> MODELS_FILE = ConfigKey.path("futurnal.llm.models.file",
            "a JSON file of extra model mappings");
    /** Whether a connection failure moves a call to the next available backend. */
    public static final ConfigKey<Boolean> FALLBACK = ConfigKey.bool("futurnal.llm.fallback", false,
            "with `auto`, moves a call that cannot connect to the next available backend");
    /** Where the library keeps extracted native libraries and bundled models. */
    public static final ConfigKey<java.nio.file.Path> CACHE_DIR = ConfigKey.path("futurnal.llm.cache.dir",
            "where extracted native libraries and bundled models go")
            .withDefaultText("$XDG_CACHE_HOME/futurnal-llm or ~/.cache/futurnal-llm");

    private static final List<ConfigKey<?>> ALL = List.of(BACKEND, MODEL, PROBE_TIMEOUT, DETECT_TIMEOUT,
            REQUEST_TIMEOUT, MODELS_FILE, FALLBACK, CACHE_DIR);

    private CoreKeys() {
    }

    /** Every core key, in documentation order. */
    public static List<ConfigKey<?>> all() {
        return ALL;
    }

    private static String backendId(String text, String source) {
        String requested = text.trim().toLowerCase(Locale.ROOT);
        if (!BACKEND_ID.matcher(requested).matches()) {
            throw new ConfigurationException(source + " is '" + requested
                    + "'; use 'auto' or a backend id (lower-case letters, digits, '.', '_' or '-'; "
                    + "`futurnal-llm backends` lists the installed ones)");
        }
        return requested;
    }
}
