package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** Schemas that would make llama.cpp's converter throw (and end the JVM) are stopped in Java. */
class SchemaGuardTest {

    @Test
    void acceptsTheSupportedSubset() {
        for (String schema : new String[] {
            "{}",
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":12},"
                    + "\"age\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":99}},\"required\":[\"name\",\"age\"]}",
            "{\"type\":[\"string\",\"null\"]}",
            "{\"enum\":[\"red\",\"green\",1,null]}",
            "{\"const\":{\"a\":1}}",
            "{\"anyOf\":[{\"type\":\"number\"},{\"type\":\"boolean\"}]}",
            "{\"$defs\":{\"p\":{\"type\":\"string\"}},\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/p\"},\"minItems\":1,\"maxItems\":3}",
            "{\"type\":\"string\",\"pattern\":\"^[a-z]{3}(-[0-9]+)?$\"}",
            "{\"type\":\"string\",\"format\":\"date\"}",
            "{\"format\":\"uuid\"}",
            "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}",
            "{\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}",
            "{\"allOf\":[{\"properties\":{\"a\":{\"type\":\"string\"}}},{\"properties\":{\"b\":{\"type\":\"number\"}}}]}",
        }) {
            assertDoesNotThrow(() -> SchemaGuard.check(schema), schema);
        }
    }

    @Test
    void returnsCompactJson() {
        assertEquals("{\"type\":\"string\"}", SchemaGuard.check("  { \"type\" : \"string\" }\n"));
    }

    @Test
    void rejectsWhatTheConverterCannotTake() {
        assertRejected("{not json", "not valid JSON");
        assertRejected("[1,2]", "must be a JSON object");
        assertRejected("{\"type\":\"string\"} trailing", "not valid JSON");
        assertRejected("{\"type\":\"string\",\"type\":\"number\"}", "not valid JSON");
        assertRejected("{\"type\":\"text\"}", "#/type");
        assertRejected("{\"type\":[]}", "#/type");
        assertRejected("{\"type\":\"object\",\"properties\":{\"a\":{\"description\":\"anything\"}}}", "#/properties/a");
        assertRejected("{\"type\":\"array\",\"items\":true}", "#/items");
        assertRejected("{\"$ref\":\"https://example.invalid/schema.json\"}", "only local references");
        assertRejected("{\"$ref\":\"#/$defs/missing\"}", "does not resolve");
        assertRejected("{\"$ref\":5}", "only local references");
        assertRejected("{\"type\":\"string\",\"format\":7}", "#/format");
        assertRejected("{\"type\":\"string\",\"pattern\":\"[a-z]+\"}", "anchored");
        assertRejected("{\"type\":\"string\",\"pattern\":\"^*a$\"}", "nothing before it");
        assertRejected("{\"type\":\"string\",\"pattern\":\"^(a$\"}", "unbalanced '('");
        assertRejected("{\"type\":\"string\",\"pattern\":\"^[a-z$\"}", "unbalanced '['");
        assertRejected("{\"type\":\"string\",\"pattern\":\"^a{99999999999}$\"}", "must be {n}");
        assertRejected("{\"type\":\"string\",\"pattern\":\"^a{x}$\"}", "must be {n}");
        assertRejected("{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":1000000}", "#/minItems");
        assertRejected("{\"type\":\"string\",\"minLength\":5,\"maxLength\":2}", "larger than");
        assertRejected("{\"type\":\"integer\",\"minimum\":\"0\"}", "#/minimum");
        assertRejected("{\"enum\":[]}", "#/enum");
        assertRejected("{\"anyOf\":{}}", "#/anyOf");
        assertRejected("{\"required\":[1],\"type\":\"object\"}", "#/required");
        assertRejected("{\"type\":\"object\",\"properties\":[]}", "#/properties");
        assertRejected("{\"type\":\"string\",\"pattern\":\"\"}", "anchored");
    }

    @Test
    void rejectsHugeOrDeepSchemas() {
        assertRejected("{\"description\":\"" + "x".repeat(SchemaGuard.MAX_SCHEMA_CHARS) + "\"}", "characters");
        String deep = "{\"type\":\"array\",\"items\":".repeat(60) + "{\"type\":\"string\"}" + "}".repeat(60);
        assertRejected(deep, "too deeply nested");
    }

    private static void assertRejected(String schema, String expected) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> SchemaGuard.check(schema), schema);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
