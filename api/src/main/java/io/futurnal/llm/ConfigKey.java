package io.futurnal.llm;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One configuration key, declared once: its property name, the keys read when it is unset (an
 * ecosystem's own, such as {@code OLLAMA_API_KEY}), its default, how its text is parsed and one
 * line of documentation. {@link LlmConfig#value(ConfigKey)} reads it with the usual precedence
 * (builder, system property, environment, default). The environment form of every name is its
 * upper-case twin with dots as underscores ({@link LlmConfig#environmentName(String)}).
 *
 * <p>Immutable; the {@code with...} methods return a copy.
 *
 * @param <T> the parsed type
 */
public final class ConfigKey<T> {

    /**
     * Turns a configured text into a value.
     *
     * @param <T> the parsed type
     */
    @FunctionalInterface
    public interface Parser<T> {
        /**
         * Parses {@code text}, never blank.
         *
         * @param source where the text came from, e.g. {@code environment variable OLLAMA_HOST}, for messages
         * @throws ConfigurationException naming {@code source} and the accepted forms when the text is malformed
         */
        T parse(String text, String source);
    }

    private final String name;
    private final List<String> fallbacks;
    private final Parser<T> parser;
    private final T defaultValue;
    private final String defaultText;
    private final String doc;

    private ConfigKey(String name, List<String> fallbacks, Parser<T> parser, T defaultValue, String defaultText, String doc) {
        this.name = requireName(name);
        this.fallbacks = List.copyOf(fallbacks);
        this.fallbacks.forEach(ConfigKey::requireName);
        this.parser = Objects.requireNonNull(parser, "parser");
        this.defaultValue = defaultValue;
        this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
        this.doc = Objects.requireNonNull(doc, "doc");
    }

    /** A key parsed by {@code parser}, with no default (its value is empty unless configured). */
    public static <T> ConfigKey<T> of(String name, Parser<T> parser, String doc) {
        return new ConfigKey<>(name, List.of(), parser, null, "", doc);
    }

    /** A key parsed by {@code parser} with a default. */
    public static <T> ConfigKey<T> of(String name, Parser<T> parser, T defaultValue, String doc) {
        return new ConfigKey<>(name, List.of(), parser, Objects.requireNonNull(defaultValue, "defaultValue"),
                String.valueOf(defaultValue), doc);
    }

    /** Free text, trimmed. */
    public static ConfigKey<String> string(String name, String doc) {
        return of(name, (text, source) -> text.trim(), doc);
    }

    /** A duration in {@link LlmConfig#parseDuration} form; must not be negative. */
    public static ConfigKey<Duration> duration(String name, Duration defaultValue, String doc) {
        return of(name, ConfigParsers::duration, defaultValue, doc).withDefaultText(ConfigParsers.show(defaultValue));
    }

    /** A duration that must also be positive. */
    public static ConfigKey<Duration> positiveDuration(String name, Duration defaultValue, String doc) {
        return of(name, ConfigParsers::positiveDuration, defaultValue, doc).withDefaultText(ConfigParsers.show(defaultValue));
    }

    /** {@code true/false}, {@code yes/no}, {@code 1/0}, {@code on/off}. */
    public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String doc) {
        return of(name, ConfigParsers::bool, defaultValue, doc);
    }

    /** A whole number within [min, max], with no default. */
    public static ConfigKey<Integer> integer(String name, int min, int max, String doc) {
        return of(name, ConfigParsers.integer(min, max), doc);
    }

    /** A whole number within [min, max]. */
    public static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
        return of(name, ConfigParsers.integer(min, max), defaultValue, doc);
    }

    /** The parser of {@link #integer}: a whole number within [min, max], for parsers that check more. */
    public static Parser<Integer> integerParser(int min, int max) {
        return ConfigParsers.integer(min, max);
    }

    /** A file-system path; {@code ~} at the start means the user's home. */
    public static ConfigKey<Path> path(String name, String doc) {
        return of(name, pathParser(), doc);
    }

    /** The parser of {@link #path}, for parsers that check more about the file. */
    public static Parser<Path> pathParser() {
        return ConfigParsers::path;
    }

    /** An absolute http or https URL. */
    public static ConfigKey<URI> httpUrl(String name, String doc) {
        return of(name, ConfigParsers::httpUrl, doc);
    }

    /** A copy that, when this key is unset, reads {@code keys} in order (e.g. an ecosystem's own key). */
    public ConfigKey<T> withFallbacks(String... keys) {
        List<String> all = new ArrayList<>(fallbacks);
        all.addAll(List.of(keys));
        return new ConfigKey<>(name, all, parser, defaultValue, defaultText, doc);
    }

    /** A copy whose documented default reads {@code text}, for defaults computed at run time. */
    public ConfigKey<T> withDefaultText(String text) {
        return new ConfigKey<>(name, fallbacks, parser, defaultValue, text, doc);
    }

    /** The property form, e.g. {@code futurnal.llm.backend}. */
    public String name() {
        return name;
    }

    /** The environment form, e.g. {@code FUTURNAL_LLM_BACKEND}. */
    public String environmentName() {
        return LlmConfig.environmentName(name);
    }

    /** The keys read, in order, when this one is unset. */
    public List<String> fallbacks() {
        return fallbacks;
    }

    /** This key's name followed by its fallbacks: every name that can supply its value. */
    public List<String> names() {
        List<String> all = new ArrayList<>();
        all.add(name);
        all.addAll(fallbacks);
        return List.copyOf(all);
    }

    /** The default, if the key has one. */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The default as documented, e.g. {@code 500ms}; empty when there is none. */
    public String defaultText() {
        return defaultText;
    }

    /** One line saying what the key does. */
    public String documentation() {
        return doc;
    }

    /** Parses a configured text (see {@link Parser#parse}). */
    public T parse(String text, String source) {
        return parser.parse(text, source);
    }

    @Override
    public String toString() {
        return name;
    }

    private static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a configuration key needs a name");
        }
        return name;
    }
}
