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





    /** Random logits stand in for a model that knows nothing: every walk must end in schema-valid JSON. */
    @ParameterizedTest
    @ValueSource(ints = {40, 60, 200})
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
