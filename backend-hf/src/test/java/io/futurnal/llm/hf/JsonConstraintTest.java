package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.spi.json.JsonAutomaton;
import io.futurnal.llm.testing.LlmAssertions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token mask over the JSON automaton, on a small made-up vocabulary (no model needed). */
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

    /** Strings, numbers, enums, nesting and bounds, as the model must write them. */
    static final String SCHEMA = """
            {"type": "object", "required": ["id", "words", "meta"],
             "properties": {
               "id": {"type": "integer"}, "ratio": {"type": "number"},
               "words": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 4}, "minItems": 2, "maxItems": 3},
               "meta": {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": ["x", "xy", 7, false]}}},
               "more": {"anyOf": [{"type": "null"}, {"$ref": "#/properties/meta"}]}}}""";





    /** Random logits stand in for a model that knows nothing: every walk must end in schema-valid JSON. */
    @ParameterizedTest
    @ValueSource(ints = {60, 100, 200})
    void randomWalksAlwaysEndValidWithinTheBudget(int maxTokens) {
        SplittableRandom random = new SplittableRandom(maxTokens);
        for (String schema : List.of(SCHEMA, "{\"type\":\"array\",\"items\":{}}", "{}",
                "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"},\"properties\":{\"k\":{\"const\":\"v\"}},\"required\":[\"k\"]}")) {
            JsonAutomaton spec = JsonAutomaton.forSchema(schema);
            for (int walk = 0; walk < 20; walk++) {
                String text = randomWalk(spec, maxTokens, random);
                LlmAssertions.assertMatchesSchema(text, schema);
            }
        }
    }

    @Test
    void aBudgetTooSmallToFinishEndsIncomplete() {
        JsonAutomaton spec = JsonAutomaton.forSchema(SCHEMA);
        JsonConstraint constraint = new JsonConstraint(spec, VOCABULARY);
        Sampler sampler = new Sampler(1.0, 1000, 1.0, 7);
        for (int left = 5; left > 0; left--) {
            float[] logits = new float[VOCABULARY.size()];
            constraint.accept(constraint.choose(logits, sampler, left));
        }
        assertFalse(constraint.complete());
    }


    @Test
    void tokenTextsShareTheirPrefixWork() {
        JsonConstraint constraint = new JsonConstraint(JsonAutomaton.forSchema(SCHEMA), VOCABULARY);
        var allowed = constraint.allowed(100);
        assertEquals(2, allowed.cardinality(), "only '{' and '{\"' may start the object");
        assertTrue(allowed.get(TEXTS.indexOf("{\"")));
    }

    private static String randomWalk(JsonAutomaton spec, int maxTokens, SplittableRandom random) {
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
}
