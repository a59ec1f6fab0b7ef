package io.futurnal.llm.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a parsed JSON value against the part of JSON Schema that tool parameters use:
 * {@code type} (one or a list), {@code properties}, {@code required}, {@code additionalProperties: false},
 * {@code items}, {@code enum} and {@code const}. Other keywords are not checked, so a value this class
 * accepts may still break a rule it does not know; one it rejects breaks the schema for sure.
 */
public final class JsonSchemaCheck {

    private JsonSchemaCheck() {
    }

    /** The first violation of {@code schema} by {@code value}, as "at $.path: problem", or empty when none was found. */
    public static Optional<String> firstViolation(Map<String, Object> schema, Object value) {
        return check(schema, value, "$");
    }

    @SuppressWarnings("unchecked")
    private static Optional<String> check(Map<String, Object> schema, Object value, String at) {
        Object type = schema.get("type");
        if (type != null && !matchesType(type, value)) {
            return problem(at, "expected " + type + " but got " + describe(value));
        }
        if (schema.get("enum") instanceof List<?> allowed && !containsJson(allowed, value)) {
            return problem(at, describe(value) + " is not one of " + Json.write(allowed));
        }
        if (schema.containsKey("const") && !sameJson(schema.get("const"), value)) {
            return problem(at, "expected the constant " + Json.write(schema.get("const")));
        }
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> properties = schema.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
            if (schema.get("required") instanceof List<?> required) {
                for (Object name : required) {
                    if (!object.containsKey(name)) {
                        return problem(at, "the required property '" + name + "' is missing");
                    }
                }
            }
            for (Map.Entry<?, ?> e : object.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (properties.get(name) instanceof Map<?, ?> sub) {
                    Optional<String> inner = check((Map<String, Object>) sub, e.getValue(), at + "." + name);
                    if (inner.isPresent()) {
                        return inner;
                    }
                } else if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
                    return problem(at, "the property '" + name + "' is not allowed");
                }
            }
        }
        if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                Optional<String> inner = check((Map<String, Object>) items, list.get(i), at + "[" + i + "]");
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean matchesType(Object type, Object value) {
        if (type instanceof List<?> types) {
            return types.stream().anyMatch(t -> matchesType(t, value));
        }
        return switch (String.valueOf(type)) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "null" -> value == null;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Long || (value instanceof Double d && d == Math.rint(d) && !d.isInfinite());
            default -> true;
        };
    }

    private static boolean containsJson(List<?> allowed, Object value) {
        return allowed.stream().anyMatch(a -> sameJson(a, value));
    }

    /** JSON equality: 1 and 1.0 are the same number. */
    private static boolean sameJson(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return java.util.Objects.equals(a, b);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        String json = Json.write(value);
        return json.length() > 60 ? json.substring(0, 60) + "…" : json;
    }

    private static Optional<String> problem(String at, String what) {
        return Optional.of("at " + at + ": " + what);
    }
}
