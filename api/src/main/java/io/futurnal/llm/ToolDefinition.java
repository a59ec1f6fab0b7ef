package io.futurnal.llm;

import io.futurnal.llm.internal.Json;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool the model may call: its name, what it does, and its parameters as a JSON Schema
 * (the {@code function} object of the OpenAI and Ollama {@code tools} lists).
 *
 * <pre>{@code
 * ToolDefinition weather = ToolDefinition.of("get_weather", "Current weather in a city",
 *         """
 *         {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}
 *         """);
 * }</pre>
 *
 * @param name        what the model calls it: 1 to 64 letters, digits, {@code _} or {@code -}
 * @param description what it does and when to use it; the model reads this ("" for none)
 * @param parameters  the JSON Schema of its arguments as JSON text; it must be an object schema
 */
public record ToolDefinition(String name, String description, String parameters) {

    /** The schema of a tool that takes no arguments. */
    public static final String NO_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * Checks the name and that the parameters are a JSON object whose {@code type}, when present,
     * is {@code "object"}; a null description becomes "", null parameters {@link #NO_PARAMETERS}.
     *
     * @throws InvalidRequestException for a bad name or schema
     */
    public ToolDefinition {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequestException("a tool name is 1 to 64 letters, digits, '_' or '-'; got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        description = Objects.requireNonNullElse(description, "");
        parameters = parameters == null || parameters.isBlank() ? NO_PARAMETERS : parameters.strip();
        Object type = schemaOf(name, parameters).get("type");
        if (type != null && !"object".equals(type)) {
            throw new InvalidRequestException("the parameters of tool '" + name + "' must be an object schema"
                    + " ({\"type\":\"object\",...}); got type " + Json.write(type));
        }
    }

    /** A tool with the given name, description and JSON-Schema parameters (JSON text). */
    public static ToolDefinition of(String name, String description, String parametersSchema) {
        return new ToolDefinition(name, description, parametersSchema);
    }

    /** The parameters schema as parsed JSON: maps, lists, strings, numbers, booleans and nulls. */
    public Map<String, Object> parametersSchema() {
        return schemaOf(name, parameters);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schemaOf(String name, String parameters) {
        Object parsed;
        try {
            parsed = Json.parseExact(parameters);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("the parameters of tool '" + name + "' are not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new InvalidRequestException("the parameters of tool '" + name + "' must be a JSON Schema object; got "
                    + (parsed instanceof java.util.List ? "an array" : Json.write(parsed)));
        }
        return java.util.Collections.unmodifiableMap((Map<String, Object>) map);
    }
}
