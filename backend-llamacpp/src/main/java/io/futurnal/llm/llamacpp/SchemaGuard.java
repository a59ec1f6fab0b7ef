package io.futurnal.llm.llamacpp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.futurnal.llm.InvalidRequestException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON schema before llama.cpp's {@code json_schema_to_grammar} sees it. That converter
 * throws C++ exceptions on malformed or unsupported schemas, and through the bindings an uncaught
 * C++ exception ends the whole JVM. So only schemas in the subset it handles pass, with every
 * keyword it reads of the type it expects; anything else is an {@link InvalidRequestException}
 * naming the place in the schema.
 */
final class SchemaGuard {

    static final int MAX_SCHEMA_CHARS = 64 * 1024;
    static final int MAX_REPETITION = 4096;
    private static final int MAX_DEPTH = 48;
    private static final int MAX_NODES = 4000;
    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "null", "object", "array");
    private static final Set<String> SELF_TYPED_FORMATS = Set.of("date", "time", "date-time", "uuid", "uuid1", "uuid2",
            "uuid3", "uuid4", "uuid5");
    private static final Set<String> COUNTS = Set.of("minItems", "maxItems", "minLength", "maxLength");
    private static final Set<String> BOUNDS = Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final JsonNode root;
    private int nodes;

    private SchemaGuard(JsonNode root) {
        this.root = root;
    }

    /**
     * The schema as compact JSON, once it is known to be safe for llama.cpp.
     *
     * @throws InvalidRequestException when it is not JSON, or uses something the converter cannot handle
     */
    static String check(String schema) {
        if (schema.length() > MAX_SCHEMA_CHARS) {
            throw fail("", "the schema has " + schema.length() + " characters; the llama.cpp backend takes at most " + MAX_SCHEMA_CHARS);
        }
        JsonNode root;
        try {
            root = JSON.readTree(schema);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the JSON schema is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw fail("", "the schema must be a JSON object");
        }
        new SchemaGuard(root).schema(root, "", 0);
        return root.toString();
    }

    private void schema(JsonNode node, String at, int depth) {
        if (!node.isObject()) {
            throw fail(at, "a sub-schema must be an object (true/false schemas are not supported here)");
        }
        if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
            throw fail(at, "the schema is too large or too deeply nested for the llama.cpp backend");
        }
        checkKeywords(node, at, depth);
        if (!recognised(node)) {
            throw fail(at, "llama.cpp cannot tell what this sub-schema allows; give it a \"type\" (one of "
                    + String.join(", ", TYPES.stream().sorted().toList()) + ") or another structural keyword");
        }
    }

    private void checkKeywords(JsonNode node, String at, int depth) {
        JsonNode type = node.get("type");
        if (type != null) {
            if (type.isArray() && !type.isEmpty()) {
                type.forEach(t -> typeName(t, at));
            } else {
                typeName(type, at);
            }
        }
        expectText(node, "format", at);
        expectText(node, "pattern", at);
        if (node.has("pattern")) {
            PatternCheck.check(node.get("pattern").asText(), at + "/pattern");
        }
        if (node.has("$ref")) {
            reference(node.get("$ref"), at);
        }
        for (String key : COUNTS) {
            count(node, key, at);
        }
        ordered(node, "minItems", "maxItems", at);
        ordered(node, "minLength", "maxLength", at);
        for (String key : BOUNDS) {
            JsonNode bound = node.get(key);
            if (bound != null && !(bound.isNumber() && Math.abs(bound.asDouble()) < 9.2e18)) {
                throw fail(at + "/" + key, "must be a number within the 64-bit integer range");
            }
        }
        JsonNode enumeration = node.get("enum");
        if (enumeration != null && (!enumeration.isArray() || enumeration.isEmpty())) {
            throw fail(at + "/enum", "must be a non-empty array");
        }
        JsonNode required = node.get("required");
        if (required != null && (!required.isArray() || !allText(required))) {
            throw fail(at + "/required", "must be an array of property names");
        }
        for (String key : new String[] {"oneOf", "anyOf", "allOf", "prefixItems"}) {
            schemaList(node, key, at, depth);
        }
        JsonNode items = node.get("items");
        if (items != null) {
            if (items.isArray()) {
                schemaList(node, "items", at, depth);
            } else {
                schema(items, at + "/items", depth + 1);
            }
        }
        JsonNode additional = node.get("additionalProperties");
        if (additional != null && !additional.isBoolean()) {
            schema(additional, at + "/additionalProperties", depth + 1);
        }
        for (String key : new String[] {"properties", "$defs", "definitions"}) {
            schemaMap(node, key, at, depth);
        }
    }

    private boolean recognised(JsonNode node) {
        if (node.isEmpty() || node.has("$ref") || node.has("oneOf") || node.has("anyOf") || node.has("const")
                || node.has("enum") || node.has("type") || node.has("allOf") || node.has("items")
                || node.has("prefixItems") || node.has("pattern") || node.has("properties")) {
            return true;
        }
        JsonNode additional = node.get("additionalProperties");
        if (additional != null && !(additional.isBoolean() && additional.asBoolean())) {
            return true;
        }
        return node.has("format") && SELF_TYPED_FORMATS.contains(node.get("format").asText());
    }

    private void typeName(JsonNode type, String at) {
        if (!type.isTextual() || !TYPES.contains(type.asText())) {
            throw fail(at + "/type", "must be one of " + String.join(", ", TYPES.stream().sorted().toList())
                    + " or a non-empty array of them; got " + type);
        }
    }

    private void reference(JsonNode ref, String at) {
        if (!ref.isTextual() || !ref.asText().startsWith("#/") || ref.asText().contains("~")) {
            throw fail(at + "/$ref", "only local references such as \"#/$defs/name\" are supported; got " + ref);
        }
        JsonNode target = root;
        String[] tokens = ref.asText().substring(2).split("/", -1);
        for (String token : tokens) {
            if (target.isObject() && target.has(token)) {
                target = target.get(token);
            } else if (target.isArray() && token.matches("\\d{1,6}") && Integer.parseInt(token) < target.size()) {
                target = target.get(Integer.parseInt(token));
            } else {
                throw fail(at + "/$ref", "the reference " + ref.asText() + " does not resolve within the schema");
            }
        }
        if (!target.isObject()) {
            throw fail(at + "/$ref", "the reference " + ref.asText() + " must point at a schema object");
        }
    }

    private void count(JsonNode node, String key, String at) {
        JsonNode value = node.get(key);
        if (value != null && !(value.isIntegralNumber() && value.asLong() >= 0 && value.asLong() <= MAX_REPETITION)) {
            throw fail(at + "/" + key, "must be a whole number from 0 to " + MAX_REPETITION + " for the llama.cpp backend");
        }
    }

    private static void ordered(JsonNode node, String min, String max, String at) {
        if (node.has(min) && node.has(max) && node.get(min).asLong() > node.get(max).asLong()) {
            throw fail(at, min + " is larger than " + max);
        }
    }

    private void schemaList(JsonNode node, String key, String at, int depth) {
        JsonNode list = node.get(key);
        if (list == null) {
            return;
        }
        if (!list.isArray() || list.isEmpty()) {
            throw fail(at + "/" + key, "must be a non-empty array of schemas");
        }
        for (int i = 0; i < list.size(); i++) {
            schema(list.get(i), at + "/" + key + "/" + i, depth + 1);
        }
    }

    private void schemaMap(JsonNode node, String key, String at, int depth) {
        JsonNode map = node.get(key);
        if (map == null) {
            return;
        }
        if (!map.isObject()) {
            throw fail(at + "/" + key, "must be an object mapping names to schemas");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            schema(entry.getValue(), at + "/" + key + "/" + entry.getKey(), depth + 1);
        }
    }

    private static void expectText(JsonNode node, String key, String at) {
        JsonNode value = node.get(key);
        if (value != null && !value.isTextual()) {
            throw fail(at + "/" + key, "must be a string");
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    static InvalidRequestException fail(String at, String problem) {
        return new InvalidRequestException("JSON schema " + (at.isEmpty() ? "(root)" : "at #" + at) + ": " + problem);
    }
}
