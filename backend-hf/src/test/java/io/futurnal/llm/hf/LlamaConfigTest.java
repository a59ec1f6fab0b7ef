package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsTheShippedConfig() {
        LlamaConfig c = LlamaConfig.read(TestModels.bundledDirectory().resolve("config.json"));
        assertEquals("LlamaForCausalLM", c.architecture());
        assertEquals(64, c.hiddenSize());
        assertEquals(8, c.heads());
        assertEquals(4, c.kvHeads());
        assertEquals(2, c.groupSize());
        assertEquals(8, c.headDim());
        assertEquals(2048, c.maxPositions());
        assertEquals(List.of(2), c.eosTokenIds());
        assertNull(c.ropeScaling());
    }

    @Test
    void defaultsAndListsOfEosIds() throws IOException {
        LlamaConfig c = LlamaConfig.read(write("{\"architectures\": [\"MistralForCausalLM\"], \"hidden_size\": 32,"
                + " \"intermediate_size\": 64, \"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"vocab_size\": 100,"
                + " \"eos_token_id\": [2, 7], \"sliding_window\": 1024, \"max_position_embeddings\": 32768}"));
        assertEquals(4, c.kvHeads(), "without num_key_value_heads every head has its own keys");
        assertEquals(8, c.headDim());
        assertEquals(1024, c.maxPositions(), "capped by the sliding window");
        assertEquals(List.of(2, 7), c.eosTokenIds());
        assertEquals(10000.0, c.ropeTheta());
    }

    @Test
    void qwen2WithAnUnusedSlidingWindowKeepsItsContext() throws IOException {
        LlamaConfig c = LlamaConfig.read(write("{\"architectures\": [\"Qwen2ForCausalLM\"], \"hidden_size\": 32,"
                + " \"intermediate_size\": 64, \"num_hidden_layers\": 2, \"num_attention_heads\": 4,"
                + " \"num_key_value_heads\": 2, \"vocab_size\": 100, \"use_sliding_window\": false,"
                + " \"sliding_window\": 4096, \"max_position_embeddings\": 32768, \"tie_word_embeddings\": true}"));
        assertEquals(32768, c.maxPositions());
        assertTrue(c.tiedEmbeddings());
    }

    @Test
    void invalidValuesAreNamed() throws IOException {
        String base = "{\"architectures\": [\"LlamaForCausalLM\"], \"hidden_size\": 32, \"intermediate_size\": 64,"
                + " \"num_hidden_layers\": 2, \"vocab_size\": 100, ";
        assertTrue(fails(base + "\"num_attention_heads\": 0}").contains("num_attention_heads"));
        assertTrue(fails(base + "\"num_attention_heads\": 4, \"num_key_value_heads\": 3}").contains("multiple"));
        assertTrue(fails(base + "\"num_attention_heads\": 4, \"hidden_act\": \"gelu\"}").contains("gelu"));
        assertTrue(fails(base + "\"num_attention_heads\": 4, \"rope_scaling\": {\"type\": \"yarn\", \"factor\": 4}}")
                .contains("yarn"));
        assertTrue(fails(base + "\"num_attention_heads\": 4, \"head_dim\": 7}").contains("even"));
        assertTrue(fails("{\"hidden_size\": 32}").contains("(none given)"));
    }

    @Test
    void quickArchitectureCheckForProbes() throws IOException {
        assertEquals("LlamaForCausalLM", LlamaConfig.quickArchitecture(TestModels.bundledDirectory().resolve("config.json")));
        Path gpt2 = write("{\"architectures\": [\"GPT2LMHeadModel\"]}");
        assertTrue(assertThrows(InvalidModelFileException.class, () -> LlamaConfig.quickArchitecture(gpt2))
                .getMessage().contains("GPT2LMHeadModel"));
        Path broken = write("{\"architectures\": ");
        assertTrue(assertThrows(InvalidModelFileException.class, () -> LlamaConfig.quickArchitecture(broken))
                .getMessage().contains("not valid JSON"));
    }

    private String fails(String json) throws IOException {
        Path file = write(json);
        return assertThrows(InvalidModelFileException.class, () -> LlamaConfig.read(file)).getMessage();
    }

    private Path write(String json) throws IOException {
        Path file = Files.createTempFile(dir, "config", ".json");
        Files.writeString(file, json);
        return file;
    }
}
