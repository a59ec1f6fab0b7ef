package io.futurnal.llm;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
 * <p>Each key is declared once as a {@link ConfigKey} (the shared ones in {@link CoreKeys}, a
 * backend's in its settings type) and read with {@link #find(ConfigKey)} or {@link #value(ConfigKey)},
 * which fail with a {@link ConfigurationException} naming the key, where the value came from and
 * what form it must take. {@link #get(String)} and the typed getters read undeclared keys.
 */
public final class LlmConfig {

    /** Name of {@link CoreKeys#BACKEND}. */
    public static final String BACKEND = CoreKeys.BACKEND.name();
    /** Name of {@link CoreKeys#MODEL}. */
    public static final String MODEL = CoreKeys.MODEL.name();
    /** Name of {@link CoreKeys#PROBE_TIMEOUT}. */
    public static final String PROBE_TIMEOUT = CoreKeys.PROBE_TIMEOUT.name();
    /** Name of {@link CoreKeys#DETECT_TIMEOUT}. */
    public static final String DETECT_TIMEOUT = CoreKeys.DETECT_TIMEOUT.name();
    /** Name of {@link CoreKeys#REQUEST_TIMEOUT}. */
    public static final String REQUEST_TIMEOUT = CoreKeys.REQUEST_TIMEOUT.name();
    /** Name of {@link CoreKeys#MODELS_FILE}. */
    public static final String MODELS_FILE = CoreKeys.MODELS_FILE.name();
    /** Name of {@link CoreKeys#FALLBACK}. */
    public static final String FALLBACK = CoreKeys.FALLBACK.name();
    /** Name of {@link CoreKeys#CACHE_DIR}. */
    public static final String CACHE_DIR = CoreKeys.CACHE_DIR.name();

    /** The value of {@link #BACKEND} that asks for auto-detection. */
    public static final String AUTO = "auto";

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private final Map<String, String> overrides;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final Map<ConfigKey<?>, Optional<?>> core = new IdentityHashMap<>();
    private final ModelRegistry modelRegistry;
    private final java.util.List<LlmListener> listeners;

    private LlmConfig(Builder b) {
        this.listeners = java.util.List.copyOf(b.listeners);
        this.overrides = Map.copyOf(b.overrides);
        this.properties = Map.copyOf(b.properties);
        this.environment = Map.copyOf(b.environment);
        for (ConfigKey<?> key : CoreKeys.all()) {
            core.put(key, read(key)); // fails now, not at first use, on a malformed value
        }
        ModelRegistry registry = b.modelRegistry != null ? b.modelRegistry : ModelRegistry.builtIn();
        Optional<Path> file = find(CoreKeys.MODELS_FILE);
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

    /** The environment-variable form of a property key: {@code futurnal.llm.cache.dir} becomes {@code FUTURNAL_LLM_CACHE_DIR}. */
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

    /** Where the value of {@code key} came from, for messages: e.g. {@code environment variable FUTURNAL_LLM_BACKEND}. */
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

    /**
     * The value of {@code key}: the first of its names that is set (builder, then system property,
     * then environment, for each name in turn), parsed; else its default; else empty.
     *
     * @throws ConfigurationException when the configured text is malformed
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(ConfigKey<T> key) {
        Optional<?> known = core.get(key);
        return known != null ? (Optional<T>) known : read(key);
    }

    /**
     * The value of a key that has a default.
     *
     * @throws ConfigurationException when the configured text is malformed
     * @throws IllegalArgumentException when the key has no default and is unset (use {@link #find})
     */
    public <T> T value(ConfigKey<T> key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException(key.name() + " has no default; use find"));
    }

    /** Where the value of {@code key} came from: the first of its names that is set, else its own name. */
    public String describe(ConfigKey<?> key) {
        return describe(setName(key).orElse(key.name()));
    }

    private <T> Optional<T> read(ConfigKey<T> key) {
        Optional<String> name = setName(key);
        if (name.isEmpty()) {
            return key.defaultValue();
        }
        return Optional.of(key.parse(get(name.get()).orElseThrow(), describe(name.get())));
    }

    private Optional<String> setName(ConfigKey<?> key) {
        return key.names().stream().filter(n -> get(n).isPresent()).findFirst();
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code PT30S}, or a bare number of seconds. */
    public Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(v -> ConfigParsers.duration(v, describe(key))).orElse(defaultValue);
    }

    /** A whole number within [min, max]. */
    public int getInt(String key, int defaultValue, int min, int max) {
        return get(key).map(v -> ConfigParsers.integer(min, max).parse(v, describe(key))).orElse(defaultValue);
    }

    /** {@code true/false}, {@code yes/no}, {@code 1/0}, {@code on/off}. */
    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> ConfigParsers.bool(v, describe(key))).orElse(defaultValue);
    }

    /** A file-system path; {@code ~} at the start means the user's home. */
    public Optional<Path> getPath(String key) {
        return get(key).map(v -> ConfigParsers.path(v, describe(key)));
    }

    /** An absolute http or https URL. */
    public Optional<URI> getHttpUrl(String key) {
        return get(key).map(v -> ConfigParsers.httpUrl(v, describe(key)));
    }

    /** The requested backend id or alias, lower case, or {@link #AUTO}. */
    public String backend() {
        return value(CoreKeys.BACKEND);
    }

    /** Whether the backend is picked by auto-detection. */
    public boolean isAuto() {
        return AUTO.equals(backend());
    }

    /** The requested model, if one was configured. Each backend has its own default otherwise. */
    public Optional<String> model() {
        return find(CoreKeys.MODEL).filter(m -> !m.isEmpty());
    }

    /** How long a network probe waits for its server; a blackholed server costs this much. */
    public Duration probeTimeout() {
        return value(CoreKeys.PROBE_TIMEOUT);
    }

    /**
     * The deadline of detection as a whole. Probes normally finish long before it (network probes
     * give up after {@link #probeTimeout()}); it bounds a probe that hangs, and leaves room for a
     * cold first start that extracts native libraries and bundled models.
     */
    public Duration detectTimeout() {
        return value(CoreKeys.DETECT_TIMEOUT);
    }

    /** Total time limit per call; empty (the default) means none. */
    public Optional<Duration> requestTimeout() {
        return find(CoreKeys.REQUEST_TIMEOUT).filter(d -> !d.isZero());
    }

    /** Whether a connection failure moves a call to the next available backend; off by default. */
    public boolean fallback() {
        return value(CoreKeys.FALLBACK);
    }

    /** Directory for extracted native libraries and bundled models. */
    public Path cacheDirectory() {
        return find(CoreKeys.CACHE_DIR).orElseGet(this::defaultCacheDirectory);
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
        StringBuilder out = new StringBuilder("LlmConfig[");
        for (ConfigKey<?> key : CoreKeys.all()) {
            out.append(out.length() > 10 ? ", " : "").append(key.name()).append('=')
                    .append(find(key).map(Object::toString).orElse("(unset)"));
        }
        return out.append(']').toString();
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

        /** Sets any key, e.g. {@code set("futurnal.llm.fallback", "true")}; {@code null} removes the override. */
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

        /** Sets {@code key}, e.g. {@code set(CoreKeys.FALLBACK, "true")}; {@code null} removes the override. */
        public Builder set(ConfigKey<?> key, String value) {
            return set(key.name(), value);
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
        

        /** Sets {@link #READ_TIMEOUT}, positive; 5 min by default. */
        

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
