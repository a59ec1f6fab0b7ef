package io.futurnal.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void nestingDeeperThanTheLimitIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nests deeper than " + Json.MAX_DEPTH), e.getMessage());
        String atTheLimit = "{\"a\":".repeat(Json.MAX_DEPTH - 1) + "[]" + "}".repeat(Json.MAX_DEPTH - 1);
        assertTrue(Json.parse(atTheLimit) instanceof Map);
    }

    @Test
    void parsesNestedValues() {
        Object v = Json.parse(" {\"a\": [1, -2.5e1, true, false, null], \"b\": {\"c\": \"x\\n\\u00e9\\\"\"}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(Arrays.asList(1.0, -25.0, true, false, null), m.get("a"));
        assertEquals(Map.of("c", "x\n\u00e9\""), m.get("b"));
        assertEquals(List.of(), Json.parse("[]"));
    }

    @Test
    void rejectsMalformedInputWithAPosition() {
        for (String bad : List.of("{", "[1,]", "{\"a\" 1}", "tru", "\"open", "{} x", "{\"a\":\"\u0001\"}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        }
    }

    @Test
    void exactParsingKeepsIntegersAndWritingRoundTrips() {
        Map<?, ?> m = (Map<?, ?>) Json.parseExact("{\"n\": 3, \"x\": 2.5, \"big\": 123456789012345678901, \"s\": \"a\\\"b\\n\"}");
        assertEquals(3L, m.get("n"));
        assertEquals(2.5, m.get("x"));
        assertEquals(1.2345678901234568e20, m.get("big"));
        String written = Json.write(m);
        assertEquals(m, Json.parseExact(written));
        Map<String, Object> ordered = new java.util.LinkedHashMap<>();
        ordered.put("a", Arrays.asList(1.0, 2.5, null, true));
        ordered.put("b", "\u0001");
        assertEquals("{\"a\":[1,2.5,null,true],\"b\":\"\\u0001\"}", Json.write(ordered));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("01"));
    }

    @Test
    void schemaCheckFindsTheFirstViolation() {
        @SuppressWarnings("unchecked")
        Map<String, Object> schema = (Map<String, Object>) Json.parseExact("""
                {"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"},
                 "unit":{"enum":["c","f"]},"tags":{"type":"array","items":{"type":"string"}}},
                 "required":["city"],"additionalProperties":false}""");
        assertTrue(JsonSchemaCheck.firstViolation(schema, Json.parseExact("{\"city\":\"Paris\",\"days\":2,\"unit\":\"c\"}")).isEmpty());
        assertEquals("at $: the required property 'city' is missing",
                JsonSchemaCheck.firstViolation(schema, Json.parseExact("{}")).orElseThrow());
        assertEquals("at $.days: expected integer but got 2.5",
                JsonSchemaCheck.firstViolation(schema, Json.parseExact("{\"city\":\"P\",\"days\":2.5}")).orElseThrow());
        assertEquals("at $.unit: \"k\" is not one of [\"c\",\"f\"]",
                JsonSchemaCheck.firstViolation(schema, Json.parseExact("{\"city\":\"P\",\"unit\":\"k\"}")).orElseThrow());
        assertEquals("at $.tags[1]: expected string but got 3",
                JsonSchemaCheck.firstViolation(schema, Json.parseExact("{\"city\":\"P\",\"tags\":[\"a\",3]}")).orElseThrow());
        assertEquals("at $: the property 'x' is not allowed",
                JsonSchemaCheck.firstViolation(schema, Json.parseExact("{\"city\":\"P\",\"x\":1}")).orElseThrow());
    }
}
