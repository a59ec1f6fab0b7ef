package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.Capability;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.testing.LlmAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON and JSON-schema output on the bundled stories260K model, which knows nothing of JSON. */
@Timeout(120)
class HfStructuredOutputTest {

    static final String PERSON = """
            {"type": "object",
             "properties": {
               "name": {"type": "string", "minLength": 1, "maxLength": 12},
               "age": {"type": "integer"},
               "pets": {"type": "array", "items": {"enum": ["cat", "dog", 3, null]}, "minItems": 1, "maxItems": 3},
               "happy": {"type": "boolean"},
               "address": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
               "note": {"type": ["string", "null"], "maxLength": 5}
             },
             "required": ["name", "age", "pets", "address"]}""";

    private final HfClient client = TestModels.shared();

    @Test
    void claimsJsonAndSchema() {
        assertTrue(client.capabilities().contains(Capability.JSON_FORMAT));
        assertTrue(client.capabilities().contains(Capability.JSON_SCHEMA));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 1, 2, 3})
    void jsonModeGivesAnObject(long seed) {
        GenerationResult r = client.generate("Once upon a time", options(seed, 64).format(ResponseFormat.JSON).build());
        assertTrue(LlmAssertions.assertJson(r).isObject(), r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 1, 2, 3})
    void schemaModeGivesAValidValue(long seed) {
        GenerationResult r = client.generate("Lily", options(seed, 120).format(ResponseFormat.jsonSchema(PERSON)).build());
        LlmAssertions.assertMatchesSchema(r, PERSON);
        assertEquals(FinishReason.STOP, r.finishReason());
    }

    private static GenerationOptions.Builder options(long seed, int maxTokens) {
        GenerationOptions.Builder b = GenerationOptions.builder().maxTokens(maxTokens);
        return seed < 0 ? b.temperature(0.0) : b.temperature(1.0).seed(seed);
    }
}
