package io.futurnal.llm.hf;

import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON object of a model file with typed, range-checked accessors whose errors name the file
 * and the field. Parsed with the api's small JSON reader, not Jackson, because the probe reads
 * {@code config.json} and every safetensors header and has half a second in a cold JVM.
 *
 * @param file   the file it came from, for messages
 * @param fields its members
 */
record JsonObject(Path file, Map<String, Object> fields) {

    /** Deepest nesting accepted; config.json and safetensors headers use three or four levels. */
    static final int MAX_NESTING = 64;

    /**
     * Reads {@code file}, which must hold a JSON object.
     *
     * @throws InvalidModelFileException when it is missing, unreadable, not JSON or not an object
     */
    static JsonObject read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidModelFileException(file, "the file is missing", e);
        } catch (IOException e) {
            throw new InvalidModelFileException(file, "cannot be read: " + e.getMessage(), e);
        }
        return parse(file, text);
    }

    /** Parses {@code text} read from {@code file}. */
    @SuppressWarnings("unchecked")
    static JsonObject parse(Path file, String text) {
        int depth = nesting(text);
        if (depth > MAX_NESTING) {
            // the parser recurses per level; a corrupt file must not end in StackOverflowError
            throw new InvalidModelFileException(file, "is not a model file: its JSON nests " + depth
                    + " levels deep (at most " + MAX_NESTING + " are accepted)");
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelFileException(file, "is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new InvalidModelFileException(file, "must hold a JSON object");
        }
        return new JsonObject(file, (Map<String, Object>) root);
    }

    /** The deepest nesting of objects and arrays in {@code text}, brackets inside strings not counted. */
    static int nesting(String text) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return deepest;
    }

    boolean has(String field) {
        return fields.get(field) != null;
    }

    /** A nested object, if present and an object. */
    @SuppressWarnings("unchecked")
    Optional<JsonObject> object(String field) {
        Object v = fields.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Map<?, ?>)) {
            throw invalid(field, "must be an object", v);
        }
        return Optional.of(new JsonObject(file, (Map<String, Object>) v));
    }

    /** A string field, or {@code defaultValue} when absent or null. */
    String string(String field, String defaultValue) {
        Object v = fields.get(field);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof String s)) {
            throw invalid(field, "must be a string", v);
        }
        return s;
    }

    /** A boolean field, or {@code defaultValue} when absent or null. */
    boolean bool(String field, boolean defaultValue) {
        Object v = fields.get(field);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Boolean b)) {
            throw invalid(field, "must be true or false", v);
        }
        return b;
    }

    /** A whole number in {@code [min, max]}; {@code defaultValue} when absent or null. */
    long whole(String field, long defaultValue, long min, long max) {
        Object v = fields.get(field);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Double d) || d != Math.rint(d) || d < min || d > max) {
            throw invalid(field, "must be a whole number from " + min + " to " + max, v);
        }
        return d.longValue();
    }

    /** A whole number in {@code [min, max]} that must be present. */
    int requiredInt(String field, int min, int max) {
        if (!has(field)) {
            throw new InvalidModelFileException(file, "'" + field + "' is missing; it must be a whole number from "
                    + min + " to " + max);
        }
        return (int) whole(field, 0, min, max);
    }

    /** A finite number in {@code (lowExclusive, max]}; {@code defaultValue} when absent or null. */
    double number(String field, double defaultValue, double lowExclusive, double max) {
        Object v = fields.get(field);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Double d) || !(d > lowExclusive) || !(d <= max)) {
            throw invalid(field, "must be a number above " + lowExclusive + " and at most " + max, v);
        }
        return d;
    }

    /** The raw value of a field (maps, lists, strings, doubles, booleans), or {@code null}. */
    Object raw(String field) {
        return fields.get(field);
    }

    /**
     * A token id or a list of them, as {@code eos_token_id} may be either, each inside a
     * vocabulary of {@code vocab} ids (an id without an embedding row would fail deep inside
     * generation); absent or null is none.
     *
     * @throws InvalidModelFileException naming the field and its value otherwise
     */
    List<Integer> tokenIds(String field, int vocab) {
        Object raw = raw(field);
        List<Integer> ids = new ArrayList<>();
        for (Object v : raw instanceof List<?> list ? list : raw == null ? List.of() : List.of(raw)) {
            if (!(v instanceof Double d) || d != Math.rint(d) || d < 0 || d >= vocab) {
                throw invalid(field, "must be token ids from 0 to " + (vocab - 1) + " (vocab_size " + vocab + ")", raw);
            }
            ids.add(d.intValue());
        }
        return ids;
    }

    /** A list field, or an empty list when absent or null. */
    List<?> list(String field) {
        Object v = fields.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw invalid(field, "must be a list", v);
        }
        return l;
    }

    InvalidModelFileException invalid(String field, String rule, Object value) {
        String shown = String.valueOf(value);
        return new InvalidModelFileException(file, "'" + field + "' " + rule + "; got "
                + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown));
    }
}
