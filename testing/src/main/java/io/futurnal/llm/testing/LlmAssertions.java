package io.futurnal.llm.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.resource.SchemaLoader;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions for what models produce. Failures show the model's text (trimmed to a readable
 * length), and for a {@link GenerationResult} the backend and model that wrote it.
 *
 * <p>JSON is parsed strictly: one value, nothing after it, no duplicate keys. Schemas are JSON
 * Schema, draft 2020-12 unless the schema's {@code $schema} names drafts 4, 6, 7 or 2019-09,
 * checked by the networknt validator. Schemas are never fetched from the network: a {@code $ref}
 * to a remote document fails.
 */
public final class LlmAssertions {
    private static final int SHOWN_CHARS = 2000;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(SchemaLoader.builder().fetchRemoteResources(false).build()));

    private LlmAssertions() {
    }

    /**
     * Asserts that {@code text} is one well-formed JSON value and returns it.
     *
     * @throws AssertionFailedError naming where parsing stopped and showing the text
     */
    public static JsonNode assertJson(String text) {
        return parse(text, "");
    }

    /** {@link #assertJson(String)} on a result's text; the failure names the backend and model. */
    public static JsonNode assertJson(GenerationResult result) {
        Objects.requireNonNull(result, "result");
        return parse(result.text(), origin(result));
    }

    /**
     * Asserts that {@code json} is well-formed JSON that matches {@code schema} and returns it.
     *
     * @param schema a JSON Schema as JSON text, as passed to {@link io.futurnal.llm.ResponseFormat#jsonSchema(String)}
     * @throws AssertionFailedError     listing every violation with its location, and showing the text
     * @throws InvalidRequestException  when the schema itself is not valid JSON or not a usable schema
     */
    public static JsonNode assertMatchesSchema(String json, String schema) {
        return matches(json, schema, "");
    }

    /** {@link #assertMatchesSchema(String, String)} on a result's text; the failure names the backend and model. */
    public static JsonNode assertMatchesSchema(GenerationResult result, String schema) {
        Objects.requireNonNull(result, "result");
        return matches(result.text(), schema, origin(result));
    }

    /**
     * Asserts that generation produced some text and was not cancelled, and returns the text. The
     * least a smoke test of a backend should check.
     */
    public static String assertGenerated(GenerationResult result) {
        Objects.requireNonNull(result, "result");
        if (result.finishReason() == FinishReason.CANCELLED) {
            throw new AssertionFailedError("generation was cancelled" + origin(result) + " after " + shown(result.text()));
        }
        if (result.text().isBlank()) {
            throw new AssertionFailedError("generation produced no text" + origin(result) + " (finish reason "
                    + result.finishReason() + ", " + result.metrics().generatedTokens() + " tokens)");
        }
        return result.text();
    }

    private static JsonNode matches(String json, String schemaText, String origin) {
        Objects.requireNonNull(schemaText, "schema");
        Schema schema = compile(schemaText);
        JsonNode node = parse(json, origin);
        List<Error> errors;
        try {
            errors = schema.validate(node);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("the JSON schema cannot be applied: " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            String listed = errors.stream()
                    .map(e -> "  " + location(e) + ": " + e.getMessage())
                    .collect(Collectors.joining("\n"));
            throw new AssertionFailedError("the JSON" + origin + " does not match the schema (" + errors.size()
                    + (errors.size() == 1 ? " violation" : " violations") + "):\n" + listed + "\nin " + shown(json));
        }
        return node;
    }

    private static Schema compile(String schemaText) {
        JsonNode schemaNode;
        try {
            schemaNode = MAPPER.readTree(schemaText);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the JSON schema is not valid JSON: " + e.getOriginalMessage());
        }
        if (schemaNode == null || !(schemaNode.isObject() || schemaNode.isBoolean())) {
            throw new InvalidRequestException("a JSON schema must be an object or a boolean; got " + shown(schemaText));
        }
        try {
            return SCHEMAS.getSchema(schemaNode);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("the JSON schema cannot be used: " + e.getMessage());
        }
    }

    private static JsonNode parse(String text, String origin) {
        if (text == null) {
            throw new AssertionFailedError("expected JSON" + origin + " but got null");
        }
        if (text.isBlank()) {
            throw new AssertionFailedError("expected JSON" + origin + " but got " + (text.isEmpty() ? "an empty string" : "only whitespace"));
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String hint = text.strip().startsWith("```")
                    ? "\n(the text is wrapped in a Markdown code fence; ask for ResponseFormat.JSON or strip the fence before asserting)"
                    : "";
            throw new AssertionFailedError("expected JSON" + origin + " but parsing failed" + where + ": "
                    + e.getOriginalMessage() + hint + "\nin " + shown(text));
        }
    }

    /** The JSON Pointer of the offending value, "(root)" for the whole document. */
    private static String location(Error error) {
        String pointer = String.valueOf(error.getInstanceLocation());
        return pointer.isEmpty() ? "(root)" : pointer;
    }

    private static String origin(GenerationResult result) {
        return " from backend '" + result.backend() + "' (model '" + result.model() + "')";
    }

    private static String shown(String text) {
        if (text.length() <= SHOWN_CHARS) {
            return "the text (" + text.length() + " chars):\n" + text;
        }
        return "the text (" + text.length() + " chars, first " + SHOWN_CHARS + " shown):\n" + text.substring(0, SHOWN_CHARS) + "…";
    }
}
