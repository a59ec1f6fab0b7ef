package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.testing.LlmAssertions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON automaton and the token mask, on a small made-up vocabulary (no model needed). */
class JsonConstraintTest {

    /** One token per printable ASCII character, newline and tab, then some longer ones. */
    private static final List<String> TEXTS = new ArrayList<>();

    static {
        TEXTS.add(null); // a special token: never allowed
        TEXTS.add("\n");
        TEXTS.add("\t");
        for (char c = ' '; c < 127; c++) {
            TEXTS.add(String.valueOf(c));
        }
        TEXTS.addAll(List.of("{\"", "\":", "\",", "true", "null", " \"", "name", "\"}", "]}", "  ", "12", "é", "😀", "\\n"));
    }

    private static final TokenVocabulary VOCABULARY = TokenVocabulary.of(TEXTS.toArray(new String[0]));

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

    @Test
    void acceptsValidDocuments() {
        ValueSpec spec = SchemaCompiler.compile(SCHEMA);
        for (String ok : List.of(
                "{\"name\":\"Al\",\"age\":0,\"tags\":[\"x\"]}",
                "{\"tags\": [\"a\", \"bcd\"], \"age\": -12, \"name\": \"Lily\\n\"}",
                "{\"name\":\"\\u00e9é\",\"age\":7,\"tags\":[\"\"],\"score\":-0.5e+10,\"kind\":{\"x\":[1]}}",
                "{\"name\":\"😀😀\",\"age\":1,\"tags\":[\"\"],\"kind\":\"ab\",\"nested\":{\"next\":{\"v\":null}},\"either\":[7]}",
                "{\n  \"name\": \"ab\",\n  \"age\": 3,\n\t\"tags\": [\"\"]\n}")) {
            assertTrue(complete(spec, ok), ok);
            LlmAssertions.assertMatchesSchema(ok, SCHEMA);
        }
    }

    @Test
    void refusesWhatTheSchemaForbids() {
        ValueSpec spec = SchemaCompiler.compile(SCHEMA);
        for (String bad : List.of(
                "{\"name\":\"Al\",\"age\":0}",                          // a required property is missing
                "{\"name\":\"A\",",                                     // too short
                "{\"name\":\"Abcdefg",                                  // too long
                "{\"name\":\"Al\",\"name\"",                            // twice
                "{\"other\"",                                           // undeclared
                "{\"age\":01",                                          // leading zero
                "{\"age\":1.5",                                         // not an integer
                "{\"tags\":[]",                                         // too few items
                "{\"tags\":[\"a\",\"b\",",                              // too many items
                "{\"kind\":\"b\"",                                      // not in the enum
                "{\"kind\":2",
                "{\"name\":\"a\nb",                                     // raw control character
                "{\"name\":\"\\x",                                      // bad escape
                " {",                                                   // leading whitespace
                "{  \"",                                                // two spaces
                "{\"name\":\"Al\",\"age\":0,\"tags\":[\"x\"]} ",        // anything after the value
                "{\"either\":[1,2]")) {
            assertFalse(prefixAllowed(spec, bad), bad);
        }
    }

    @Test
    void jsonModeTakesAnyObjectButNothingElse() {
        assertTrue(complete(SchemaCompiler.ANY_OBJECT, "{\"a\":[1,{\"b\":null},\"x\",true,false,-2.5E3],\"a\":{}}"));
        assertFalse(prefixAllowed(SchemaCompiler.ANY_OBJECT, "["));
        assertFalse(prefixAllowed(SchemaCompiler.ANY_OBJECT, "{\"a\":tru "));
    }

    @Test
    void depthIsCapped() {
        String deep = "{\"a\":" + "[".repeat(JsonState.MAX_DEPTH - 1);
        assertTrue(prefixAllowed(SchemaCompiler.ANY_OBJECT, deep));
        assertFalse(prefixAllowed(SchemaCompiler.ANY_OBJECT, deep + "["));
    }

    /** Random logits stand in for a model that knows nothing: every walk must end in schema-valid JSON. */
    @ParameterizedTest
    @ValueSource(ints = {40, 60, 200})
    void randomWalksAlwaysEndValidWithinTheBudget(int maxTokens) {
        SplittableRandom random = new SplittableRandom(maxTokens);
        for (String schema : List.of(SCHEMA, "{\"type\":\"array\",\"items\":{}}", "{}",
                "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"},\"properties\":{\"k\":{\"const\":\"v\"}},\"required\":[\"k\"]}")) {
            ValueSpec spec = SchemaCompiler.compile(schema);
            for (int walk = 0; walk < 20; walk++) {
                String text = randomWalk(spec, maxTokens, random);
                LlmAssertions.assertMatchesSchema(text, schema);
            }
        }
    }

    @Test
    void aBudgetTooSmallToFinishEndsIncomplete() {
        ValueSpec spec = SchemaCompiler.compile(SCHEMA);
        JsonConstraint constraint = new JsonConstraint(spec, VOCABULARY);
        Sampler sampler = new Sampler(1.0, 1000, 1.0, 7);
        for (int left = 5; left > 0; left--) {
            float[] logits = new float[VOCABULARY.size()];
            constraint.accept(constraint.choose(logits, sampler, left));
        }
        assertFalse(constraint.complete());
    }

    @Test
    void refusesSchemasItCannotEnforce() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> SchemaCompiler.compile("{\"properties\":{\"a\":{\"type\":\"integer\",\"minimum\":3}}}"));
        assertTrue(e.getMessage().contains("#/properties/a/minimum"), e.getMessage());
        assertThrows(InvalidRequestException.class, () -> SchemaCompiler.compile("{\"type\":"));
        assertThrows(InvalidRequestException.class, () -> SchemaCompiler.compile("{\"type\":\"date\"}"));
        assertThrows(InvalidRequestException.class, () -> SchemaCompiler.compile("{\"$ref\":\"http://x/y\"}"));
        assertThrows(InvalidRequestException.class,
                () -> SchemaCompiler.compile("{\"properties\":{\"a\":{\"$ref\":\"#\"}},\"required\":[\"a\"]}"));
        assertThrows(InvalidRequestException.class,
                () -> SchemaCompiler.compile("{\"properties\":{},\"required\":[\"a\"]}"));
        assertThrows(InvalidRequestException.class, () -> SchemaCompiler.compile("{\"type\":\"string\",\"minLength\":3,\"maxLength\":2}"));
    }

    @Test
    void tokenTextsShareTheirPrefixWork() {
        JsonConstraint constraint = new JsonConstraint(SchemaCompiler.compile(SCHEMA), VOCABULARY);
        var allowed = constraint.allowed(100);
        assertEquals(2, allowed.cardinality(), "only '{' and '{\"' may start the object");
        assertTrue(allowed.get(TEXTS.indexOf("{\"")));
    }

    private static String randomWalk(ValueSpec spec, int maxTokens, SplittableRandom random) {
        JsonConstraint constraint = new JsonConstraint(spec, VOCABULARY);
        Sampler sampler = new Sampler(1.0, 1000, 1.0, random.nextLong());
        StringBuilder text = new StringBuilder();
        for (int left = maxTokens; left > 0 && !constraint.complete(); left--) {
            float[] logits = new float[VOCABULARY.size()];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) random.nextGaussian() * 3;
            }
            int id = constraint.choose(logits, sampler, left);
            constraint.accept(id);
            text.append(VOCABULARY.text(id));
        }
        assertTrue(constraint.complete(), "not finished within " + maxTokens + " tokens: " + text);
        return text.toString();
    }

    private static boolean complete(ValueSpec spec, String text) {
        JsonConstraint constraint = feed(spec, text);
        return constraint != null && constraint.complete();
    }

    private static boolean prefixAllowed(ValueSpec spec, String text) {
        return feed(spec, text) != null;
    }

    /** Feeds {@code text} one character token at a time; null as soon as one is not allowed. */
    private static JsonConstraint feed(ValueSpec spec, String text) {
        JsonConstraint constraint = new JsonConstraint(spec, VOCABULARY);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String piece = new String(Character.toChars(cp));
            i += piece.length();
            int id = TEXTS.indexOf(piece);
            if (!constraint.allowed(Integer.MAX_VALUE).get(id)) {
                return null;
            }
            constraint.accept(id);
        }
        return constraint;
    }
}
