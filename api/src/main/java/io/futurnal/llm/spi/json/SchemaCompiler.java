package io.futurnal.llm.spi.json;

import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.internal.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a JSON Schema into {@link ValueSpec}s for the constrained decoder. It takes the subset
 * of JSON Schema that can be enforced character by character: {@code type} (one or a list),
 * {@code properties}, {@code required}, {@code additionalProperties}, {@code items},
 * {@code prefixItems}, {@code minItems}/{@code maxItems}, {@code minLength}/{@code maxLength},
 * {@code enum}, {@code const}, {@code anyOf}/{@code oneOf}, a single {@code allOf} and local
 * {@code $ref}s. Annotations ({@code title}, {@code description}, {@code format}, …) are ignored.
 * A keyword that restricts values in a way it cannot enforce is refused with an
 * {@link InvalidRequestException} naming its place, rather than silently producing JSON that
 * does not validate. As in llama.cpp, an object with {@code properties} and no
 * {@code additionalProperties} takes only the declared properties.
 */
final class SchemaCompiler {

    static final int MAX_SCHEMA_CHARS = 64 * 1024;
    static final int MAX_PROPERTIES = 64;
    private static final int MAX_DEPTH = 48;
    private static final int MAX_NODES = 4000;
    private static final int UNBOUNDED = Integer.MAX_VALUE;
    private static final Set<String> UNSUPPORTED = Set.of("pattern", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "minProperties", "maxProperties", "uniqueItems", "not", "if", "then",
            "else", "patternProperties", "propertyNames", "dependentRequired", "dependentSchemas", "dependencies",
            "contains", "unevaluatedProperties", "unevaluatedItems", "additionalItems");

    /** Any JSON value, nested at most as deep as the decoder allows. */
    static final ValueSpec ANY;
    /** Any JSON object: what {@link io.futurnal.llm.ResponseFormat#JSON} asks for, as on llama.cpp. */
    static final ValueSpec.ObjectSpec ANY_OBJECT;

    static {
        ValueSpec.Ref any = new ValueSpec.Ref();
        ANY_OBJECT = new ValueSpec.ObjectSpec(List.of(), List.of(), List.of(), 0, any, 2);
        ValueSpec.ArraySpec anyArray = new ValueSpec.ArraySpec(List.of(), any, 0, UNBOUNDED, 2);
        ANY = new ValueSpec.AnyOf(List.of(ANY_OBJECT, anyArray, new ValueSpec.StringSpec(0, UNBOUNDED),
                new ValueSpec.NumberSpec(false), new ValueSpec.LiteralSpec(List.of("true", "false", "null"))), 1);
        any.bind(ANY);
        any.settle(1);
    }

    private final Object root;
    private final Map<String, ValueSpec> compiled = new HashMap<>();
    private final Map<String, ValueSpec.Ref> inProgress = new HashMap<>();
    private int nodes;

    private SchemaCompiler(Object root) {
        this.root = root;
    }

    /**
     * The spec for {@code schema}, the text of a JSON Schema.
     *
     * @throws InvalidRequestException when it is not JSON, or uses something this decoder cannot enforce
     */
    static ValueSpec compile(String schema) {
        if (schema.length() > MAX_SCHEMA_CHARS) {
            throw fail("", "the schema has " + schema.length() + " characters; constrained decoding takes at most " + MAX_SCHEMA_CHARS);
        }
        Object root;
        try {
            root = Json.parseExact(schema);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("the JSON schema is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map || root instanceof Boolean)) {
            throw fail("", "the schema must be a JSON object");
        }
        ValueSpec spec = new SchemaCompiler(root).at("", 0);
        if (spec.minChars() >= ValueSpec.UNREACHABLE) {
            throw fail("", "no finite JSON value matches this schema (a required property or item refers back to itself)");
        }
        return spec;
    }

    /** The spec for the sub-schema at JSON pointer {@code at}, compiled once. */
    private ValueSpec at(String at, int depth) {
        ValueSpec done = compiled.get(at);
        if (done != null) {
            return done;
        }
        ValueSpec.Ref cycle = inProgress.get(at);
        if (cycle != null) {
            return cycle;
        }
        ValueSpec.Ref ref = new ValueSpec.Ref();
        inProgress.put(at, ref);
        ValueSpec spec = schema(resolve(at), at, depth);
        inProgress.remove(at);
        ref.bind(spec);
        ref.settle(spec.minChars());
        compiled.put(at, spec);
        return spec;
    }

    @SuppressWarnings("unchecked")
    private ValueSpec schema(Object value, String at, int depth) {
        if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
            throw fail(at, "the schema is too large or too deeply nested");
        }
        if (value instanceof Boolean b) {
            if (!b) {
                throw fail(at, "the schema false matches nothing");
            }
            return ANY;
        }
        if (!(value instanceof Map)) {
            throw fail(at, "a sub-schema must be an object");
        }
        Map<String, Object> node = (Map<String, Object>) value;
        for (String key : node.keySet()) {
            if (UNSUPPORTED.contains(key)) {
                throw fail(at + "/" + key, "constrained decoding cannot enforce '" + key + "'; "
                        + "drop it (and check the value afterwards) or use a backend with native schema support");
            }
        }
        if (node.containsKey("$ref")) {
            return at(reference(node.get("$ref"), at), depth + 1);
        }
        if (node.containsKey("allOf")) {
            if (!(node.get("allOf") instanceof List<?> all) || all.size() != 1 || node.size() > 1) {
                throw fail(at + "/allOf", "allOf is taken only with a single schema and no other keywords beside it");
            }
            return at(at + "/allOf/0", depth + 1);
        }
        if (node.containsKey("const")) {
            return new ValueSpec.LiteralSpec(List.of(Json.write(node.get("const"))));
        }
        if (node.containsKey("enum")) {
            if (!(node.get("enum") instanceof List<?> values) || values.isEmpty()) {
                throw fail(at + "/enum", "must be a non-empty array");
            }
            List<String> texts = new ArrayList<>();
            values.forEach(v -> texts.add(Json.write(v)));
            return new ValueSpec.LiteralSpec(List.copyOf(texts));
        }
        for (String key : new String[] {"anyOf", "oneOf"}) {
            if (node.containsKey(key)) {
                return alternatives(node.get(key), at + "/" + key, depth);
            }
        }
        Object type = node.get("type");
        if (type == null) {
            return untyped(node, at, depth);
        }
        if (type instanceof List<?> types) {
            if (types.isEmpty()) {
                throw fail(at + "/type", "must not be an empty list");
            }
            List<ValueSpec> options = new ArrayList<>();
            for (Object t : types) {
                options.add(typed(typeName(t, at), node, at, depth));
            }
            return anyOf(options);
        }
        return typed(typeName(type, at), node, at, depth);
    }

    private ValueSpec untyped(Map<String, Object> node, String at, int depth) {
        if (node.containsKey("properties") || node.containsKey("required") || node.containsKey("additionalProperties")) {
            return typed("object", node, at, depth);
        }
        if (node.containsKey("items") || node.containsKey("prefixItems") || node.containsKey("minItems")
                || node.containsKey("maxItems")) {
            return typed("array", node, at, depth);
        }
        if (node.containsKey("minLength") || node.containsKey("maxLength")) {
            return typed("string", node, at, depth);
        }
        return ANY;
    }

    private ValueSpec typed(String type, Map<String, Object> node, String at, int depth) {
        switch (type) {
            case "object":
                return object(node, at, depth);
            case "array":
                return array(node, at, depth);
            case "string":
                int min = count(node, "minLength", 0, at);
                int max = count(node, "maxLength", UNBOUNDED, at);
                ordered(min, max, "minLength", "maxLength", at);
                return new ValueSpec.StringSpec(min, max);
            case "number":
                return new ValueSpec.NumberSpec(false);
            case "integer":
                return new ValueSpec.NumberSpec(true);
            case "boolean":
                return new ValueSpec.LiteralSpec(List.of("true", "false"));
            default:
                return new ValueSpec.LiteralSpec(List.of("null"));
        }
    }

    private ValueSpec object(Map<String, Object> node, String at, int depth) {
        Object properties = node.get("properties");
        if (properties != null && !(properties instanceof Map)) {
            throw fail(at + "/properties", "must be an object mapping names to schemas");
        }
        List<String> names = new ArrayList<>();
        List<ValueSpec> values = new ArrayList<>();
        if (properties != null) {
            for (Object name : ((Map<?, ?>) properties).keySet()) {
                names.add((String) name);
                values.add(at(at + "/properties/" + escapePointer((String) name), depth + 1));
            }
        }
        Object extra = node.get("additionalProperties");
        ValueSpec additional;
        if (extra == null) {
            additional = properties == null ? ANY : null;
        } else if (extra instanceof Boolean allowed) {
            additional = allowed ? ANY : null;
        } else {
            additional = at(at + "/additionalProperties", depth + 1);
        }
        long required = 0;
        Object requiredNode = node.get("required");
        if (requiredNode != null) {
            if (!(requiredNode instanceof List<?> list)) {
                throw fail(at + "/required", "must be an array of property names");
            }
            for (Object r : list) {
                if (!(r instanceof String name)) {
                    throw fail(at + "/required", "must be an array of property names; got " + Json.write(r));
                }
                int index = names.indexOf(name);
                if (index < 0) {
                    if (additional == null) {
                        throw fail(at + "/required", "the required property '" + name + "' is not among the properties, "
                                + "and no other properties are allowed");
                    }
                    names.add(name);
                    values.add(additional);
                    index = names.size() - 1;
                }
                if (index < MAX_PROPERTIES) {
                    required |= 1L << index;
                }
            }
        }
        if (names.size() > MAX_PROPERTIES) {
            throw fail(at + "/properties", "at most " + MAX_PROPERTIES + " properties per object are supported; got " + names.size());
        }
        List<String> keys = names.stream().map(Json::write).toList();
        int chars = 2;
        int entries = 0;
        for (int i = 0; i < names.size(); i++) {
            if ((required & (1L << i)) != 0) {
                chars = ValueSpec.add(chars, keys.get(i).length() + 1 + values.get(i).minChars());
                entries++;
            }
        }
        chars = ValueSpec.add(chars, Math.max(0, entries - 1));
        return new ValueSpec.ObjectSpec(List.copyOf(names), keys, List.copyOf(values), required, additional, chars);
    }

    private ValueSpec array(Map<String, Object> node, String at, int depth) {
        List<ValueSpec> prefix = new ArrayList<>();
        ValueSpec items = ANY;
        Object prefixItems = node.get("prefixItems");
        Object itemsNode = node.get("items");
        if (prefixItems != null) {
            if (!(prefixItems instanceof List<?> list)) {
                throw fail(at + "/prefixItems", "must be an array of schemas");
            }
            for (int i = 0; i < list.size(); i++) {
                prefix.add(at(at + "/prefixItems/" + i, depth + 1));
            }
        }
        if (itemsNode instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                prefix.add(at(at + "/items/" + i, depth + 1));
            }
            items = null;
        } else if (Boolean.FALSE.equals(itemsNode)) {
            items = null;
        } else if (itemsNode != null) {
            items = at(at + "/items", depth + 1);
        }
        int min = count(node, "minItems", 0, at);
        int max = count(node, "maxItems", UNBOUNDED, at);
        if (items == null) {
            max = Math.min(max, prefix.size());
        }
        ordered(min, max, "minItems", "maxItems", at);
        int chars = 2 + Math.max(0, min - 1);
        for (int i = 0; i < min; i++) {
            chars = ValueSpec.add(chars, (i < prefix.size() ? prefix.get(i) : items).minChars());
        }
        return new ValueSpec.ArraySpec(List.copyOf(prefix), items, min, max, chars);
    }

    private ValueSpec alternatives(Object list, String at, int depth) {
        if (!(list instanceof List<?> options) || options.isEmpty()) {
            throw fail(at, "must be a non-empty array of schemas");
        }
        List<ValueSpec> specs = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            specs.add(at(at + "/" + i, depth + 1));
        }
        return anyOf(specs);
    }

    private static ValueSpec anyOf(List<ValueSpec> options) {
        if (options.size() == 1) {
            return options.get(0);
        }
        int min = options.stream().mapToInt(ValueSpec::minChars).min().orElse(ValueSpec.UNREACHABLE);
        return new ValueSpec.AnyOf(List.copyOf(options), min);
    }

    /** The value at JSON pointer {@code pointer}, or null when there is none. */
    private Object resolve(String pointer) {
        Object node = root;
        if (pointer.isEmpty()) {
            return node;
        }
        for (String token : pointer.substring(1).split("/", -1)) {
            String name = token.replace("~1", "/").replace("~0", "~");
            if (node instanceof Map<?, ?> map && map.containsKey(name)) {
                node = map.get(name);
            } else if (node instanceof List<?> list && name.matches("\\d{1,6}") && Integer.parseInt(name) < list.size()) {
                node = list.get(Integer.parseInt(name));
            } else {
                return null;
            }
        }
        return node;
    }

    private String reference(Object ref, String at) {
        if (!(ref instanceof String text) || !(text.equals("#") || text.startsWith("#/"))) {
            throw fail(at + "/$ref", "only local references such as \"#/$defs/name\" are supported; got " + Json.write(ref));
        }
        String pointer = text.substring(1);
        Object target = resolve(pointer);
        if (!(target instanceof Map || target instanceof Boolean)) {
            throw fail(at + "/$ref", "the reference " + text + " does not point at a schema within this schema");
        }
        return pointer;
    }

    private static String typeName(Object type, String at) {
        Set<String> known = Set.of("string", "number", "integer", "boolean", "null", "object", "array");
        if (!(type instanceof String name) || !known.contains(name)) {
            throw fail(at + "/type", "must be one of array, boolean, integer, null, number, object, string "
                    + "or a non-empty list of them; got " + Json.write(type));
        }
        return name;
    }

    private static int count(Map<String, Object> node, String key, int absent, String at) {
        Object value = node.get(key);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Long n) || n < 0 || n > 1_000_000) {
            throw fail(at + "/" + key, "must be a whole number from 0 to 1000000; got " + Json.write(value));
        }
        return n.intValue();
    }

    private static void ordered(int min, int max, String minKey, String maxKey, String at) {
        if (min > max) {
            throw fail(at, minKey + " " + min + " is larger than " + maxKey + " " + max + ", so nothing matches");
        }
    }

    private static String escapePointer(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    static InvalidRequestException fail(String at, String problem) {
        return new InvalidRequestException("JSON schema " + (at.isEmpty() ? "(root)" : "at #" + at) + ": " + problem);
    }
}
