package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt or inconsistent model files end in {@link InvalidModelFileException} naming the file and
 * the offending key or value: header lengths, dtypes, shapes, shards, config values, special-token
 * ids, and weights that compute NaN.
 */
@Timeout(60)
class HardeningTest {

    @TempDir
    Path temp;

    @Test
    void aHeaderLengthOffByOneIsRefused() throws IOException {
        for (int delta : new int[] {-1, 1}) {
            Path dir = TestModels.copyAll(temp.resolve("length" + delta));
            Path weights = dir.resolve("model.safetensors");
            byte[] bytes = Files.readAllBytes(weights);
            ByteBuffer length = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            length.putLong(0, length.getLong(0) + delta);
            Files.write(weights, bytes);
            InvalidModelFileException e = refused(() -> SafetensorsHeader.read(weights));
            assertEquals(weights, e.path(), e.getMessage());
        }
    }

    @Test
    void anUnknownDtypeIsRefusedEvenOnATensorTheModelDoesNotUse() {
        Path dir = temp.resolve("dtype");
        TestModels.copyMetadata(dir);
        Map<String, SafetensorsTestFiles.Tensor> tensors = bundledTensors();
        tensors.put("extra.weight", new SafetensorsTestFiles.Tensor("Q4_WEIRD", new long[] {3}, new byte[5]));
        SafetensorsTestFiles.write(dir.resolve("model.safetensors"), tensors);
        InvalidModelFileException e = refused(() -> SafetensorsHeader.read(dir.resolve("model.safetensors")));
        assertMentions(e, "model.safetensors", "extra.weight", "unknown dtype 'Q4_WEIRD'");
    }

    @Test
    void aShapeWhoseElementCountOverflowsIsRefused() throws IOException {
        Path file = temp.resolve("huge.safetensors");
        writeRawSafetensors(file, "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],"
                + "\"data_offsets\":[0,8]}}", 8);
        assertMentions(refused(() -> SafetensorsHeader.read(file)), "huge.safetensors", "'a'", "overflows");
        writeRawSafetensors(file, "{\"a\":{\"dtype\":\"F64\",\"shape\":[1099511627776,1048576],\"data_offsets\":[0,8]}}", 8);
        assertMentions(refused(() -> SafetensorsHeader.read(file)), "'a'", "byte size overflows");
        TensorInfo info = new TensorInfo("t", "F32", new long[] {Long.MAX_VALUE, 2}, file, 0, 0);
        assertMentions(refused(info::elements), "'t'", "overflows");
    }

    @Test
    void everyTensorOfAShardedIndexMustBeInTheShardItNames() throws IOException {
        Path dir = temp.resolve("sharded");
        TestModels.copyMetadata(dir);
        Map<String, SafetensorsTestFiles.Tensor> first = new LinkedHashMap<>();
        Map<String, SafetensorsTestFiles.Tensor> second = new LinkedHashMap<>();
        StringBuilder map = new StringBuilder();
        bundledTensors().forEach((name, tensor) -> {
            boolean early = name.startsWith("model.embed") || name.contains("layers.0.") || name.contains("layers.1.");
            (early ? first : second).put(name, tensor);
            // the final norm is listed in the first shard but stored in the second
            String shard = early || name.equals("model.norm.weight") ? "model-00001-of-00002.safetensors"
                    : "model-00002-of-00002.safetensors";
            map.append(map.length() == 0 ? "" : ",").append('"').append(name).append("\":\"").append(shard).append('"');
        });
        SafetensorsTestFiles.write(dir.resolve("model-00001-of-00002.safetensors"), first);
        SafetensorsTestFiles.write(dir.resolve("model-00002-of-00002.safetensors"), second);
        Files.writeString(dir.resolve(TensorIndex.INDEX), "{\"weight_map\":{" + map + "}}");
        assertMentions(refused(() -> TensorIndex.open(dir)), "model-00001-of-00002.safetensors", "model.norm.weight");

        Files.writeString(dir.resolve(TensorIndex.INDEX), Files.readString(dir.resolve(TensorIndex.INDEX))
                .replace("\"model.norm.weight\":\"model-00001-of-00002.safetensors\"",
                        "\"model.norm.weight\":\"model-00003-of-00003.safetensors\""));
        InvalidModelFileException missing = refused(() -> TensorIndex.open(dir));
        assertEquals(dir.resolve("model-00003-of-00003.safetensors"), missing.path());
        assertMentions(missing, "missing");
    }

    @Test
    void configValuesAreRangeCheckedBeforeAnythingIsAllocated() throws IOException {
        assertConfigRejected("\"head_dim\": 8,", "", "\"hidden_size\": 64", "\"hidden_size\": 60", "num_attention_heads");
        assertConfigRejected("\"num_key_value_heads\": 4", "\"num_key_value_heads\": 3", "num_key_value_heads (3)");
        assertConfigRejected("\"num_key_value_heads\": 4", "\"num_key_value_heads\": 16", "'num_key_value_heads'");
        assertConfigRejected("\"head_dim\": 8", "\"head_dim\": 7", "head_dim 7");
        assertConfigRejected("\"intermediate_size\": 172", "\"intermediate_size\": 1e9", "'intermediate_size'");
        assertConfigRejected("\"vocab_size\": 512", "\"vocab_size\": 0", "'vocab_size'");
        assertConfigRejected("\"max_position_embeddings\": 2048", "\"max_position_embeddings\": 0", "'max_position_embeddings'");
        assertConfigRejected("\"max_position_embeddings\": 2048", "\"max_position_embeddings\": 1e30", "'max_position_embeddings'");
        assertConfigRejected("\"rms_norm_eps\": 9.999999747378752e-06", "\"rms_norm_eps\": 0", "'rms_norm_eps'");
        assertConfigRejected("\"rms_norm_eps\": 9.999999747378752e-06", "\"rms_norm_eps\": 1e400", "rms_norm_eps");
        assertConfigRejected("\"rope_theta\": 10000.0", "\"rope_theta\": -1", "'rope_theta'");
        assertConfigRejected("\"torch_dtype\": \"float32\"", "\"torch_dtype\": \"int4\"", "'torch_dtype' must be one of");
        assertConfigRejected("\"torch_dtype\": \"float32\"", "\"torch_dtype\": 32", "'torch_dtype' must be a string");
        assertConfigRejected("\"bos_token_id\": 1", "\"bos_token_id\": 512", "'bos_token_id'");
        assertConfigRejected("\"num_attention_heads\": 8,", "", "'num_attention_heads' is missing");
    }

    @Test
    void generationConfigIdsOutsideTheVocabularyAreRejectedAtLoad() throws IOException {
        for (String bad : new String[] {"{\"eos_token_id\": 512}", "{\"eos_token_id\": [2, -1]}",
                "{\"bos_token_id\": \"1\"}", "{\"eos_token_id\": 2.5}", "{\"bos_token_id\": [1, 600]}"}) {
            Path dir = temp.resolve("generation" + bad.hashCode());
            TestModels.copyAll(dir);
            Files.writeString(dir.resolve("generation_config.json"), bad);
            LlamaConfig config = LlamaConfig.read(dir.resolve("config.json"));
            InvalidModelFileException e = refused(() -> ModelSettings.read(dir, config));
            assertMentions(e, "generation_config.json", "_token_id");
        }
    }

    @Test
    void weightsThatComputeNaNAreReportedAsAnInvalidModel() {
        Path dir = temp.resolve("nan");
        TestModels.copyMetadata(dir);
        Map<String, SafetensorsTestFiles.Tensor> tensors = bundledTensors();
        tensors.put("model.norm.weight", SafetensorsTestFiles.mapF32(tensors.get("model.norm.weight"), v -> Float.NaN));
        SafetensorsTestFiles.write(dir.resolve("model.safetensors"), tensors);
        GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).maxTokens(3).build();
        GenerationOptions sampled = GenerationOptions.builder().temperature(0.8).maxTokens(3).build();
        try (HfClient client = TestModels.open(dir)) {
            assertMentions(refused(() -> client.generate("Once upon a time", greedy)), "non-finite");
            assertMentions(refused(() -> client.generate("Once upon a time", sampled)), "non-finite");
            assertMentions(refused(() -> client.generateTokens(new int[] {1, 2}, greedy)), dir.toString(), "non-finite");
        }
    }

    @Test
    void deeplyNestedJsonIsRefusedInsteadOfOverflowingTheStack() throws IOException {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        Path file = temp.resolve("deep.safetensors");
        writeRawSafetensors(file, "{\"a\":" + deep + "}", 0);
        assertMentions(refused(() -> SafetensorsHeader.read(file)), "deep.safetensors", "nests 200001 levels");
        Path dir = temp.resolve("deep");
        TestModels.copyMetadata(dir);
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json"))
                .replace("\"rope_scaling\": null", "\"rope_scaling\": " + deep));
        assertMentions(refused(() -> LlamaConfig.read(dir.resolve("config.json"))), "config.json", "nests");
        // brackets inside strings are text, not nesting
        assertEquals(1, JsonObject.nesting("{\"a\": \"[[[{{\\\"\"}"));
    }

    private static Map<String, SafetensorsTestFiles.Tensor> bundledTensors() {
        return new LinkedHashMap<>(SafetensorsTestFiles.read(TestModels.bundledDirectory().resolve("model.safetensors")));
    }

    private static InvalidModelFileException refused(Executable action) {
        return assertThrows(InvalidModelFileException.class, action);
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    /** Replaces each {@code from} with the {@code to} after it in a copy of config.json, then expects a refusal naming {@code expected}. */
    private void assertConfigRejected(String... edits) throws IOException {
        Path dir = temp.resolve("config" + System.nanoTime());
        TestModels.copyMetadata(dir);
        Path config = dir.resolve("config.json");
        String text = Files.readString(config);
        for (int i = 0; i + 1 < edits.length; i += 2) {
            assertTrue(text.contains(edits[i]), "config.json has " + edits[i]);
            text = text.replace(edits[i], edits[i + 1]);
        }
        Files.writeString(config, text);
        InvalidModelFileException e = refused(() -> LlamaConfig.read(config));
        assertMentions(e, "config.json", edits[edits.length - 1]);
    }

    private static void writeRawSafetensors(Path file, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer all = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        all.putLong(h.length).put(h);
        Files.write(file, all.array());
    }
}
