package io.futurnal.llm.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.futurnal.llm.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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

    private final JsonNode root;
    private final Map<String, ValueSpec> compiled = new HashMap<>();
    private final Map<String, ValueSpec.Ref> inProgress = new HashMap<>();
    private int nodes;

    private SchemaCompiler(JsonNode root) {
        this.root = root;
    }

    /**
     * The spec for {@code schema}, the text of a JSON Schema.
     *
     * @throws InvalidRequestException when it is not JSON, or uses something this decoder cannot enforce
     */
    static ValueSpec compile(String schema) {
        if (schema.length() > MAX_SCHEMA_CHARS) {
            throw fail("", "the schema has " + schema.length() + " characters; the hf backend takes at most " + MAX_SCHEMA_CHARS);
        }
        JsonNode root;
        try {
            root = JSON.readTree(schema);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the JSON schema is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !(root.isObject() || root.isBoolean())) {
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

    private ValueSpec schema(JsonNode node, String at, int depth) {
        if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
            throw fail(at, "the schema is too large or too deeply nested for the hf backend");
        }
        if (node.isBoolean()) {
            if (!node.asBoolean()) {
                throw fail(at, "the schema false matches nothing");
            }
            return ANY;
        }
        if (!node.isObject()) {
            throw fail(at, "a sub-schema must be an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (UNSUPPORTED.contains(key)) {
                throw fail(at + "/" + key, "the hf backend cannot enforce '" + key + "' while decoding; "
                        + "drop it (and check the value afterwards) or use a backend with native schema support");
            }
        }
        if (node.has("$ref")) {
            return at(reference(node.get("$ref"), at), depth + 1);
        }
        if (node.has("allOf")) {
            JsonNode all = node.get("allOf");
            if (!all.isArray() || all.size() != 1 || node.size() > 1) {
                throw fail(at + "/allOf", "the hf backend takes allOf only with a single schema and no other keywords beside it");
            }
            return at(at + "/allOf/0", depth + 1);
        }
        if (node.has("const")) {
            return new ValueSpec.LiteralSpec(List.of(node.get("const").toString()));
        }
        if (node.has("enum")) {
            JsonNode values = node.get("enum");
            if (!values.isArray() || values.isEmpty()) {
                throw fail(at + "/enum", "must be a non-empty array");
            }
            List<String> texts = new ArrayList<>();
            values.forEach(v -> texts.add(v.toString()));
            return new ValueSpec.LiteralSpec(List.copyOf(texts));
        }
        for (String key : new String[] {"anyOf", "oneOf"}) {
            if (node.has(key)) {
                return alternatives(node.get(key), at + "/" + key, depth);
            }
        }
        JsonNode type = node.get("type");
        if (type == null) {
            return untyped(node, at, depth);
        }
        if (type.isArray()) {
            if (type.isEmpty()) {
                throw fail(at + "/type", "must not be an empty list");
            }
            List<ValueSpec> options = new ArrayList<>();
            for (JsonNode t : type) {
                options.add(typed(typeName(t, at), node, at, depth));
            }
            return anyOf(options);
        }
        return typed(typeName(type, at), node, at, depth);
    }

    private ValueSpec untyped(JsonNode node, String at, int depth) {
        if (node.has("properties") || node.has("required") || node.has("additionalProperties")) {
            return typed("object", node, at, depth);
        }
        if (node.has("items") || node.has("prefixItems") || node.has("minItems") || node.has("maxItems")) {
            return typed("array", node, at, depth);
        }
        if (node.has("minLength") || node.has("maxLength")) {
            return typed("string", node, at, depth);
        }
        return ANY;
    }

    private ValueSpec typed(String type, JsonNode node, String at, int depth) {
        return switch (type) {
            case "object" -> object(node, at, depth);
            case "array" -> array(node, at, depth);
            case "string" -> {
                int min = count(node, "minLength", 0, at);
                int max = count(node, "maxLength", UNBOUNDED, at);
                ordered(min, max, "minLength", "maxLength", at);
                yield new ValueSpec.StringSpec(min, max);
            }
            case "number" -> new ValueSpec.NumberSpec(false);
            case "integer" -> new ValueSpec.NumberSpec(true);
            case "boolean" -> new ValueSpec.LiteralSpec(List.of("true", "false"));
            case "null" -> new ValueSpec.LiteralSpec(List.of("null"));
            default -> throw new IllegalStateException(type);
        };
    }

    private ValueSpec object(JsonNode node, String at, int depth) {
        JsonNode properties = node.path("properties");
        if (!properties.isMissingNode() && !properties.isObject()) {
            throw fail(at + "/properties", "must be an object mapping names to schemas");
        }
        List<String> names = new ArrayList<>();
        List<ValueSpec> values = new ArrayList<>();
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            names.add(name);
            values.add(at(at + "/properties/" + escapePointer(name), depth + 1));
        }
        JsonNode extra = node.get("additionalProperties");
        ValueSpec additional;
        if (extra == null) {
            additional = properties.isMissingNode() ? ANY : null;
        } else if (extra.isBoolean()) {
            additional = extra.asBoolean() ? ANY : null;
        } else {
            additional = at(at + "/additionalProperties", depth + 1);
        }
        long required = 0;
        JsonNode requiredNode = node.get("required");
        if (requiredNode != null) {
            if (!requiredNode.isArray()) {
                throw fail(at + "/required", "must be an array of property names");
            }
            for (JsonNode r : requiredNode) {
                if (!r.isTextual()) {
                    throw fail(at + "/required", "must be an array of property names; got " + r);
                }
                int index = names.indexOf(r.asText());
                if (index < 0) {
                    if (additional == null) {
                        throw fail(at + "/required", "the required property '" + r.asText() + "' is not among the properties, "
                                + "and no other properties are allowed");
                    }
                    names.add(r.asText());
                    values.add(additional);
                    index = names.size() - 1;
                }
                if (index < MAX_PROPERTIES) {
                    required |= 1L << index;
                }
            }
        }
        if (names.size() > MAX_PROPERTIES) {
            throw fail(at + "/properties", "the hf backend takes at most " + MAX_PROPERTIES + " properties per object; got " + names.size());
        }
        List<String> keys = names.stream().map(n -> TextNode.valueOf(n).toString()).toList();
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

    private ValueSpec array(JsonNode node, String at, int depth) {
        List<ValueSpec> prefix = new ArrayList<>();
        ValueSpec items = ANY;
        JsonNode prefixItems = node.get("prefixItems");
        JsonNode itemsNode = node.get("items");
        if (prefixItems != null) {
            if (!prefixItems.isArray()) {
                throw fail(at + "/prefixItems", "must be an array of schemas");
            }
            for (int i = 0; i < prefixItems.size(); i++) {
                prefix.add(at(at + "/prefixItems/" + i, depth + 1));
            }
        }
        if (itemsNode != null && itemsNode.isArray()) {
            for (int i = 0; i < itemsNode.size(); i++) {
                prefix.add(at(at + "/items/" + i, depth + 1));
            }
            items = null;
        } else if (itemsNode != null && itemsNode.isBoolean() && !itemsNode.asBoolean()) {
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

    private ValueSpec alternatives(JsonNode list, String at, int depth) {
        if (!list.isArray() || list.isEmpty()) {
            throw fail(at, "must be a non-empty array of schemas");
        }
        List<ValueSpec> options = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            options.add(at(at + "/" + i, depth + 1));
        }
        return anyOf(options);
    }

    private static ValueSpec anyOf(List<ValueSpec> options) {
        if (options.size() == 1) {
            return options.get(0);
        }
        int min = options.stream().mapToInt(ValueSpec::minChars).min().orElse(ValueSpec.UNREACHABLE);
        return new ValueSpec.AnyOf(List.copyOf(options), min);
    }

    /** The node at JSON pointer {@code at} (already known to resolve). */
    private JsonNode resolve(String at) {
        return at.isEmpty() ? root : root.at(at);
    }

    private String reference(JsonNode ref, String at) {
        if (!ref.isTextual() || !(ref.asText().equals("#") || ref.asText().startsWith("#/"))) {
            throw fail(at + "/$ref", "only local references such as \"#/$defs/name\" are supported; got " + ref);
        }
        String pointer = ref.asText().substring(1);
        JsonNode target = resolve(pointer);
        if (target.isMissingNode() || !(target.isObject() || target.isBoolean())) {
            throw fail(at + "/$ref", "the reference " + ref.asText() + " does not point at a schema within this schema");
        }
        return pointer;
    }

    private static String typeName(JsonNode type, String at) {
        Set<String> known = Set.of("string", "number", "integer", "boolean", "null", "object", "array");
        if (!type.isTextual() || !known.contains(type.asText())) {
            throw fail(at + "/type", "must be one of array, boolean, integer, null, number, object, string "
                    + "or a non-empty list of them; got " + type);
        }
        return type.asText();
    }

    private static int count(JsonNode node, String key, int absent, String at) {
        JsonNode value = node.get(key);
        if (value == null) {
            return absent;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > 1_000_000) {
            throw fail(at + "/" + key, "must be a whole number from 0 to 1000000; got " + value);
        }
        return value.asInt();
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
