package io.futurnal.llm.spi.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.internal.Json;
import io.futurnal.llm.internal.JsonSchemaCheck;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The JSON automaton character by character: what it takes, what it refuses, and how it closes. */
class JsonAutomatonTest {

    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "name": {"type": "string", "minLength": 2, "maxLength": 6},
               "age": {"type": "integer"},
               "score": {"type": "number"},
               "tags": {"type": "array", "items": {"type": "string", "maxLength": 3}, "minItems": 1, "maxItems": 2},
               "kind": {"enum": ["a", "ab", 1, null, {"x": [1]}]},
               "nested": {"$ref": "#/$defs/node"},
               "either": {"anyOf": [{"type": "boolean"}, {"type": "array", "maxItems": 1}]}
             },
             "required": ["name", "age", "tags"],
             "$defs": {"node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}, "v": {"type": "null"}}}}}""";

    private static final String PRINTABLE = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\n\t";

    @Test
    void acceptsValidDocuments() {
        JsonAutomaton start = JsonAutomaton.forSchema(SCHEMA);
        for (String ok : List.of(
                "{\"name\":\"Al\",\"age\":0,\"tags\":[\"x\"]}",
                "{\"name\": \"Lily\\n\", \"age\": -12, \"tags\": [\"a\", \"bcd\"]}",
                "{\"name\":\"\\u00e9é\",\"age\":7,\"tags\":[\"\"],\"score\":-0.5e+10,\"kind\":{\"x\":[1]}}",
                "{\"name\":\"😀😀\",\"age\":1,\"tags\":[\"\"],\"kind\":\"ab\",\"nested\":{\"next\":{\"v\":null}},\"either\":[7]}",
                "{\n  \"name\": \"ab\",\n  \"age\": 3,\n\t\"tags\": [\"\"]\n}")) {
            assertTrue(start.feed(ok).isComplete(), ok);
            assertValid(ok, SCHEMA);
        }
    }

    @Test
    void refusesWhatTheSchemaForbids() {
        JsonAutomaton start = JsonAutomaton.forSchema(SCHEMA);
        for (String bad : List.of(
                "{\"name\":\"Al\",\"age\":0}}",                          // a required property is missing
                "{\"name\":\"A\",",                                     // too short
                "{\"name\":\"Abcdefg",                                  // too long
                "{\"name\":\"Al\",\"name\"",                            // twice
                "{\"other\"",                                           // undeclared
                "{\"name\":\"Al\",\"age\":01",                          // leading zero
                "{\"name\":\"Al\",\"age\":1.5",                         // not an integer
                "{\"age\":1",                                           // required ones come in schema order
                "{\"name\":\"Al\",\"age\":1,\"tags\":[\"\"],\"kind\":1,\"score\"", // optional ones too
                "{\"name\":\"Al\",\"age\":1,\"tags\":[]",                // too few items
                "{\"name\":\"Al\",\"age\":1,\"tags\":[\"a\",\"b\",",    // too many items
                "{\"name\":\"Al\",\"age\":1,\"tags\":[\"\"],\"kind\":\"b\"", // not in the enum
                "{\"kind\":2",
                "{\"name\":\"a\nb",                                     // raw control character
                "{\"name\":\"\\x",                                      // bad escape
                " {",                                                   // leading whitespace
                "{   \"",                                               // three spaces
                "{\n\n\n",                                              // three newlines
                "{\"name\":\"Al\",\"age\":0,\"tags\":[\"x\"]} ",        // anything after the value
                "{\"either\":[1,2]")) {
            assertTrue(start.feed(bad).isDead(), bad);
        }
    }

    @Test
    void jsonModeTakesAnyObjectButNothingElse() {
        assertTrue(JsonAutomaton.anyObject().feed("{\"a\":[1,{\"b\":null},\"x\",true,false,-2.5E3],\"a\":{}}").isComplete());
        assertTrue(JsonAutomaton.anyObject().feed("[").isDead());
        assertTrue(JsonAutomaton.anyObject().feed("{\"a\":tru ").isDead());
    }

    @Test
    void depthIsCapped() {
        String deep = "{\"a\":" + "[".repeat(JsonState.MAX_DEPTH - 1);
        assertFalse(JsonAutomaton.anyObject().feed(deep).isDead());
        assertTrue(JsonAutomaton.anyObject().feed(deep + "[").isDead());
    }

    /** Random characters stand in for a model: whenever the closing is appended, the JSON is whole and valid. */
    @Test
    void theClosingAlwaysCompletesTheOutputAtTheCountedLength() {
        SplittableRandom random = new SplittableRandom(5);
        for (String schema : List.of(SCHEMA, "{\"type\":\"array\",\"items\":{}}", "{}",
                "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"},\"properties\":{\"k\":{\"const\":\"v\"}},\"required\":[\"k\"]}")) {
            for (int walk = 0; walk < 40; walk++) {
                JsonAutomaton a = JsonAutomaton.forSchema(schema);
                StringBuilder text = new StringBuilder();
                for (int step = random.nextInt(60); step > 0 && !a.isComplete(); step--) {
                    char c = PRINTABLE.charAt(random.nextInt(PRINTABLE.length()));
                    JsonAutomaton next = a.step(c);
                    if (!next.isDead()) {
                        a = next;
                        text.append(c);
                    }
                }
                String closing = a.closing();
                assertEquals(a.minChars(), closing.length(), text + " | " + closing);
                String whole = text + closing;
                assertTrue(JsonAutomaton.forSchema(schema).feed(whole).isComplete(), whole);
                assertValid(whole, schema);
            }
        }
    }

    @Test
    void refusesSchemasItCannotEnforce() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> JsonAutomaton.forSchema("{\"properties\":{\"a\":{\"type\":\"integer\",\"minimum\":3}}}"));
        assertTrue(e.getMessage().contains("#/properties/a/minimum"), e.getMessage());
        for (String bad : List.of("{\"type\":", "{\"type\":\"date\"}", "{\"$ref\":\"http://x/y\"}",
                "{\"properties\":{\"a\":{\"$ref\":\"#\"}},\"required\":[\"a\"]}", "{\"properties\":{},\"required\":[\"a\"]}",
                "{\"type\":\"string\",\"minLength\":3,\"maxLength\":2}", "[]", "{\"type\":\"string\",\"pattern\":\"a+\"}")) {
            assertThrows(InvalidRequestException.class, () -> JsonAutomaton.forSchema(bad), bad);
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertValid(String json, String schema) {
        Object value = Json.parseExact(json);
        assertEquals(java.util.Optional.empty(), JsonSchemaCheck.firstViolation((Map<String, Object>) Json.parseExact(schema), value),
                json);
    }
}
