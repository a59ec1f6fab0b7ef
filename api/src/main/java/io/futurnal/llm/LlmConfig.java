package io.futurnal.llm;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configuration, read once and immutable. Every key has a property form ({@code futurnal.llm.backend})
 * and an environment form, its upper-case twin with dots as underscores
 * ({@code FUTURNAL_LLM_BACKEND}). A value set on the {@link Builder} wins over a system property,
 * which wins over the environment, which wins over the default.
 *
 * <p>Backends read their own keys (e.g. {@code ollama.host} / {@code OLLAMA_HOST}) through
 * {@link #get(String)} and the typed getters, which fail with a {@link ConfigurationException}
 * naming the key, where the value came from and what form it must take.
 */
public final class LlmConfig {

    /** Backend id or alias, or {@code auto}. */
    public static final String BACKEND = "futurnal.llm.backend";
    /** The model to run (a registry name, an HF id, an Ollama tag, a path), as in the seed. */
    public static final String MODEL = "futurnal.production.llm";
    /** How long one probe waits for its server (network backends). */
    public static final String PROBE_TIMEOUT = "futurnal.llm.probe.timeout";
    /** One deadline for detection as a whole: probes still running then count as timed out. */
    public static final String DETECT_TIMEOUT = "futurnal.llm.detect.timeout";
    /** Time to open a connection (HTTP backends). */
    public static final String CONNECT_TIMEOUT = "futurnal.llm.connect.timeout";
    /** Longest silence between two bytes of a response (HTTP backends). */
    public static final String READ_TIMEOUT = "futurnal.llm.read.timeout";
    /** Total time of one call; 0 means no limit, the default. */
    public static final String REQUEST_TIMEOUT = "futurnal.llm.request.timeout";
    /** A JSON file with more model mappings. */
    public static final String MODELS_FILE = "futurnal.llm.models.file";
    /** Whether a connection failure moves a call to the next available backend. */
    public static final String FALLBACK = "futurnal.llm.fallback";
    /** Where the library keeps extracted native libraries and bundled models. */
    public static final String CACHE_DIR = "futurnal.llm.cache.dir";

    /** The value of {@link #BACKEND} that asks for auto-detection. */
    public static final String AUTO = "auto";

    private static final Pattern BACKEND_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private final Map<String, String> overrides;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final String backend;
    private final Optional<String> model;
    private final Duration probeTimeout;
    private final Duration detectTimeout;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Optional<Duration> requestTimeout;
    private final boolean fallback;
    private final Path cacheDirectory;
    private final ModelRegistry modelRegistry;
    private final java.util.List<LlmListener> listeners;

    private LlmConfig(Builder b) {
        this.listeners = java.util.List.copyOf(b.listeners);
        this.overrides = Map.copyOf(b.overrides);
        this.properties = Map.copyOf(b.properties);
        this.environment = Map.copyOf(b.environment);
        String requested = get(BACKEND).map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse(AUTO);
        if (requested.isEmpty()) {
            requested = AUTO;
        }
        if (!BACKEND_ID.matcher(requested).matches()) {
            throw new ConfigurationException(describe(BACKEND) + " is '" + requested
                    + "'; use 'auto' or a backend id such as ollama, llamacpp, hf, openai, vllm");
        }
        this.backend = requested;
        this.model = get(MODEL).map(String::trim).filter(s -> !s.isEmpty());
        this.probeTimeout = positive(PROBE_TIMEOUT, getDuration(PROBE_TIMEOUT, Duration.ofMillis(500)));
        this.detectTimeout = positive(DETECT_TIMEOUT, getDuration(DETECT_TIMEOUT, Duration.ofSeconds(3)));
        this.connectTimeout = positive(CONNECT_TIMEOUT, getDuration(CONNECT_TIMEOUT, Duration.ofSeconds(10)));
        this.readTimeout = positive(READ_TIMEOUT, getDuration(READ_TIMEOUT, Duration.ofMinutes(5)));
        Duration total = getDuration(REQUEST_TIMEOUT, Duration.ZERO);
        this.requestTimeout = total.isZero() ? Optional.empty() : Optional.of(total);
        this.fallback = getBoolean(FALLBACK, false);
        this.cacheDirectory = getPath(CACHE_DIR).orElseGet(this::defaultCacheDirectory);
        ModelRegistry registry = b.modelRegistry != null ? b.modelRegistry : ModelRegistry.builtIn();
        Optional<Path> file = getPath(MODELS_FILE);
        if (file.isPresent()) {
            if (!Files.isRegularFile(file.get())) {
                throw new ConfigurationException(describe(MODELS_FILE) + " names " + file.get()
                        + ", which is not a readable file");
            }
            registry = registry.withEntriesFrom(file.get());
        }
        this.modelRegistry = registry;
    }

    /** Configuration from system properties and the environment. */
    public static LlmConfig fromEnvironment() {
        return builder().build();
    }

    /** A builder that starts from the real system properties and environment. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration, keeping its values and sources. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.overrides.putAll(overrides);
        b.properties.clear();
        b.properties.putAll(properties);
        b.environment.clear();
        b.environment.putAll(environment);
        b.modelRegistry = modelRegistry;
        b.listeners.addAll(listeners);
        return b;
    }

    /** The environment-variable form of a property key: {@code ollama.host} becomes {@code OLLAMA_HOST}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value for {@code key}: builder, then system property, then environment. Blank counts as unset. */
    public Optional<String> get(String key) {
        String value = overrides.get(key);
        if (value == null) {
            value = properties.get(key);
        }
        if (value == null) {
            value = environment.get(environmentName(key));
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    /** Where the value of {@code key} came from, for messages: e.g. {@code environment variable OLLAMA_HOST}. */
    public String describe(String key) {
        if (overrides.containsKey(key)) {
            return "builder setting " + key;
        }
        if (properties.containsKey(key)) {
            return "system property " + key;
        }
        if (environment.containsKey(environmentName(key))) {
            return "environment variable " + environmentName(key);
        }
        return environmentName(key) + " (or -D" + key + ")";
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code PT30S}, or a bare number of seconds. */
    public Duration getDuration(String key, Duration defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Duration d = parseDuration(raw.get()).orElse(null);
        if (d == null) {
            throw new ConfigurationException(describe(key) + " is '" + raw.get()
                    + "'; use a duration such as 500ms, 30s, 5m, 1h or PT30S");
        }
        if (d.isNegative()) {
            throw new ConfigurationException(describe(key) + " is '" + raw.get() + "'; it must not be negative");
        }
        return d;
    }

    /** A whole number within [min, max]. */
    public int getInt(String key, int defaultValue, int min, int max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw.get().trim());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(describe(key) + " is '" + raw.get()
                    + "'; use a whole number from " + min + " to " + max);
        }
    }

    /** {@code true/false}, {@code yes/no}, {@code 1/0}, {@code on/off}. */
    public boolean getBoolean(String key, boolean defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        switch (raw.get().trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "1": case "on":
                return true;
            case "false": case "no": case "0": case "off":
                return false;
            default:
                throw new ConfigurationException(describe(key) + " is '" + raw.get() + "'; use true or false");
        }
    }

    /** A file-system path; {@code ~} at the start means the user's home. */
    public Optional<Path> getPath(String key) {
        return get(key).map(String::trim).map(v -> {
            try {
                if (v.equals("~") || v.startsWith("~/")) {
                    return Path.of(System.getProperty("user.home") + v.substring(1));
                }
                return Path.of(v);
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigurationException(describe(key) + " is '" + v + "', which is not a valid path");
            }
        });
    }

    /** An absolute http or https URL. */
    public Optional<URI> getHttpUrl(String key) {
        return get(key).map(String::trim).map(v -> {
            try {
                URI uri = new URI(v);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    throw new URISyntaxException(v, "not an absolute http(s) URL");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new ConfigurationException(describe(key) + " is '" + v
                        + "'; use an absolute URL such as http://127.0.0.1:8000/v1");
            }
        });
    }

    /** The requested backend id or alias, lower case, or {@link #AUTO}. */
    public String backend() {
        return backend;
    }

    /** Whether the backend is picked by auto-detection. */
    public boolean isAuto() {
        return AUTO.equals(backend);
    }

    /** The requested model, if one was configured. Each backend has its own default otherwise. */
    public Optional<String> model() {
        return model;
    }

    /** How long a network probe waits for its server; a blackholed server costs this much. */
    public Duration probeTimeout() {
        return probeTimeout;
    }

    /**
     * The deadline of detection as a whole. Probes normally finish long before it (network probes
     * give up after {@link #probeTimeout()}); it bounds a probe that hangs, and leaves room for a
     * cold first start that extracts native libraries and bundled models.
     */
    public Duration detectTimeout() {
        return detectTimeout;
    }

    /** How long opening a connection may take (HTTP backends); 10 s by default. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Longest silence allowed between two bytes of a response (HTTP backends); 5 min by default. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Total time limit per call; empty (the default) means none. */
    public Optional<Duration> requestTimeout() {
        return requestTimeout;
    }

    /** Whether a connection failure moves a call to the next available backend; off by default. */
    public boolean fallback() {
        return fallback;
    }

    /** Directory for extracted native libraries and bundled models. */
    public Path cacheDirectory() {
        return cacheDirectory;
    }

    /** Built-in model mappings plus the user's. */
    public ModelRegistry modelRegistry() {
        return modelRegistry;
    }

    /** Listeners added with {@link Builder#listener(LlmListener)}, in order (not those found by ServiceLoader). */
    public java.util.List<LlmListener> listeners() {
        return listeners;
    }

    @Override
    public String toString() {
        return "LlmConfig[backend=" + backend + ", model=" + model.orElse("(backend default)")
                + ", probeTimeout=" + probeTimeout + ", detectTimeout=" + detectTimeout + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", requestTimeout=" + requestTimeout.map(Duration::toString).orElse("none") + "]";
    }

    private Duration positive(String key, Duration d) {
        if (d.isZero()) {
            throw new ConfigurationException(describe(key) + " is 0; it must be positive");
        }
        return d;
    }

    private Path defaultCacheDirectory() {
        String xdg = environment.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("futurnal-llm");
    }

    /**
     * Parses the duration forms configuration accepts: {@code 500ms}, {@code 30s}, {@code 5m},
     * {@code 1h}, ISO-8601 such as {@code PT30S}, or a bare number of seconds.
     *
     * @return the duration (possibly negative), or empty when the text is in none of these forms
     */
    public static Optional<Duration> parseDuration(String text) {
        String s = text.trim();
        Matcher m = SIMPLE_DURATION.matcher(s);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> amount;
                case "m" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                default -> amount * 1000;
            };
            return Optional.of(Duration.ofNanos(Math.round(millis * 1_000_000)));
        }
        try {
            return Optional.of(Duration.parse(s.toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Builds an {@link LlmConfig}. Values set here win over system properties and the environment. */
    public static final class Builder {
        private final Map<String, String> overrides = new HashMap<>();
        private final Map<String, String> properties = new HashMap<>();
        private final Map<String, String> environment = new HashMap<>(System.getenv());
        private ModelRegistry modelRegistry;
        private final java.util.List<LlmListener> listeners = new java.util.ArrayList<>();

        private Builder() {
            Properties sys = System.getProperties();
            for (String name : sys.stringPropertyNames()) {
                properties.put(name, sys.getProperty(name));
            }
        }

        /** Replaces the environment that is read (tests use this instead of the real one). */
        public Builder environment(Map<String, String> environment) {
            this.environment.clear();
            this.environment.putAll(environment);
            return this;
        }

        /** Replaces the system properties that are read. */
        public Builder systemProperties(Map<String, String> properties) {
            this.properties.clear();
            this.properties.putAll(properties);
            return this;
        }

        /** Sets any key, e.g. {@code set("ollama.host", "127.0.0.1:11434")}; {@code null} removes the override. */
        public Builder set(String key, String value) {
            Objects.requireNonNull(key, "key");
            if (value == null) {
                overrides.remove(key);
            } else {
                overrides.put(key, value);
            }
            return this;
        }

        /** Sets {@link #BACKEND}: a backend id or alias, or {@code auto}. */
        public Builder backend(String backend) {
            return set(BACKEND, backend);
        }

        /** Sets {@link #MODEL}: a registry name, Hugging Face id, Ollama tag or path. */
        public Builder model(String model) {
            return set(MODEL, model);
        }

        /** Sets {@link #PROBE_TIMEOUT}, positive; 500 ms by default. */
        public Builder probeTimeout(Duration d) {
            return set(PROBE_TIMEOUT, d == null ? null : d.toString());
        }

        /** Sets {@link #DETECT_TIMEOUT}, positive; 3 s by default. */
        public Builder detectTimeout(Duration d) {
            return set(DETECT_TIMEOUT, d == null ? null : d.toString());
        }

        /** Sets {@link #CONNECT_TIMEOUT}, positive; 10 s by default. */
        public Builder connectTimeout(Duration d) {
            return set(CONNECT_TIMEOUT, d == null ? null : d.toString());
        }

        /** Sets {@link #READ_TIMEOUT}, positive; 5 min by default. */
        public Builder readTimeout(Duration d) {
            return set(READ_TIMEOUT, d == null ? null : d.toString());
        }

        /** Sets {@link #REQUEST_TIMEOUT}; zero means no limit, the default. */
        public Builder requestTimeout(Duration d) {
            return set(REQUEST_TIMEOUT, d == null ? null : d.toString());
        }

        /** Sets {@link #FALLBACK}: whether a connection failure moves a call to the next backend. */
        public Builder fallback(boolean on) {
            return set(FALLBACK, Boolean.toString(on));
        }

        /** Sets {@link #CACHE_DIR}, where native libraries and bundled models are extracted. */
        public Builder cacheDirectory(Path dir) {
            return set(CACHE_DIR, dir == null ? null : dir.toString());
        }

        /** Uses this registry instead of the built-in one ({@link #MODELS_FILE} entries are still added). */
        public Builder modelRegistry(ModelRegistry registry) {
            this.modelRegistry = registry;
            return this;
        }

        /** Adds a listener told about every call of clients made from this configuration. */
        public Builder listener(LlmListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** @throws ConfigurationException when a value is malformed */
        public LlmConfig build() {
            return new LlmConfig(this);
        }
    }
}
