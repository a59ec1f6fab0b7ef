package io.futurnal.llm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.ResponseFormat;
import org.junit.jupiter.api.Test;

class LlmTestOptionsTest {

    @Test
    void presetsAreGreedyWithAFixedSeed() {
        GenerationOptions plain = LlmTestOptions.deterministic();
        assertEquals(0.0, plain.temperature());
        assertEquals(GenerationOptions.deterministic().seed(), plain.seed());

        GenerationOptions limited = LlmTestOptions.deterministic(16);
        assertEquals(0.0, limited.temperature());
        assertEquals(plain.seed(), limited.seed());
        assertEquals(16, limited.maxTokens());

        String schema = "{\"type\": \"object\"}";
        GenerationOptions json = LlmTestOptions.deterministicJson(32, schema);
        assertEquals(ResponseFormat.jsonSchema(schema), json.format());
        assertEquals(32, json.maxTokens());
        assertEquals(0.0, json.temperature());
    }
}
