package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.spi.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint layouts real downloads use, made from the bundled weights: tied embeddings stored
 * under either name (with or without the {@code __metadata__} alias safetensors' {@code save_model}
 * writes), sharded tied checkpoints, and the sharing of one loaded model between clients.
 */
@Timeout(120)
class RealLayoutsTest {

    private static final int[] PROMPT = {1, 403, 407, 261, 378};
    private static final GenerationOptions GREEDY = GenerationOptions.builder().temperature(0.0).maxTokens(40).build();
    private static final String EMBED = LlamaWeights.EMBEDDINGS;
    private static final String HEAD = LlamaWeights.LM_HEAD;

    @TempDir
    Path temp;

    @Test
    void tiedWeightsStoredOnlyAsLmHeadDecodeLikeTheEmbeddingName() throws IOException {
        Map<String, SafetensorsTestFiles.Tensor> asEmbedding = tiedWeights();
        Path embedDir = tiedDirectory("as-embedding", asEmbedding, Map.of());

        Map<String, SafetensorsTestFiles.Tensor> asHead = renamed(asEmbedding, EMBED, HEAD);
        // what safetensors' save_model writes for a tensor it stored once under two names
        Path headDir = tiedDirectory("as-head-with-alias", asHead, Map.of(EMBED, HEAD));
        Path bareDir = tiedDirectory("as-head-only", asHead, Map.of());

        try (HfClient embed = TestModels.open(embedDir); HfClient head = TestModels.open(headDir);
             HfClient bare = TestModels.open(bareDir)) {
            int[] expected = embed.generateTokens(PROMPT, GREEDY);
            assertEquals(40, expected.length);
            assertArrayEquals(expected, head.generateTokens(PROMPT, GREEDY));
            assertArrayEquals(expected, bare.generateTokens(PROMPT, GREEDY));
        }
        assertTrue(probe(headDir).available(), probe(headDir).reason());
    }

    @Test
    void untiedConfigWithoutAnLmHeadIsRefusedByTheProbe() throws IOException {
        Path dir = tiedDirectory("untied", tiedWeights(), Map.of());
        editConfig(dir, "\"tie_word_embeddings\": true", "\"tie_word_embeddings\": false");
        ProbeResult probe = probe(dir);
        assertFalse(probe.available());
        assertTrue(probe.reason().contains(HEAD) && probe.reason().contains("tie_word_embeddings"), probe.reason());
    }

    @Test
    void shardedTiedCheckpointWithTheAliasInItsShardLoads() throws IOException {
        Map<String, SafetensorsTestFiles.Tensor> asHead = renamed(tiedWeights(), EMBED, HEAD);
        Map<String, SafetensorsTestFiles.Tensor> first = new LinkedHashMap<>();
        Map<String, SafetensorsTestFiles.Tensor> second = new LinkedHashMap<>();
        ObjectNode index = JsonFiles.MAPPER.createObjectNode();
        ObjectNode map = index.putObject("weight_map");
        int i = 0;
        for (Map.Entry<String, SafetensorsTestFiles.Tensor> e : asHead.entrySet()) {
            boolean early = e.getKey().equals(HEAD) || i++ % 2 == 0;
            (early ? first : second).put(e.getKey(), e.getValue());
            map.put(e.getKey(), early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        Path dir = temp.resolve("sharded-tied");
        TestModels.copyMetadata(dir);
        editConfig(dir, "\"tie_word_embeddings\": false", "\"tie_word_embeddings\": true");
        SafetensorsTestFiles.write(dir.resolve("model-00001-of-00002.safetensors"), first, Map.of(EMBED, HEAD));
        SafetensorsTestFiles.write(dir.resolve("model-00002-of-00002.safetensors"), second);
        Files.writeString(dir.resolve(TensorIndex.INDEX), index.toPrettyString());

        Path reference = tiedDirectory("reference", tiedWeights(), Map.of());
        try (HfClient sharded = TestModels.open(dir); HfClient single = TestModels.open(reference)) {
            assertArrayEquals(single.generateTokens(PROMPT, GREEDY), sharded.generateTokens(PROMPT, GREEDY));
        }
    }

    @Test
    void clientsOfOneDirectoryShareOneLoadedModel() {
        Path dir = TestModels.copyAll(temp.resolve("shared"));
        HfModel first;
        try (HfClient a = TestModels.open(dir)) {
            first = a.model();
            int[] expected = a.generateTokens(PROMPT, GREEDY);
            try (HfClient b = TestModels.open(dir)) {
                assertSame(first, b.model(), "the second client reuses the loaded model");
                a.close();
                assertArrayEquals(expected, b.generateTokens(PROMPT, GREEDY), "closing one client leaves the other working");
            }
        }
        try (HfClient c = TestModels.open(dir)) {
            assertNotSame(first, c.model(), "after the last client closed, the model was freed and loads afresh");
        }
    }

    @Test
    void otherSettingsLoadTheirOwnModel() {
        Path dir = TestModels.copyAll(temp.resolve("settings"));
        try (HfClient a = TestModels.open(dir);
             HfClient b = (HfClient) new HfProvider().create(TestModels.config(Map.of(
                     HfSettings.MODEL_DIR.name(), dir.toString(), HfSettings.DTYPE.name(), "float16")))) {
            assertNotSame(a.model(), b.model());
            assertEquals("float32", a.info().details().get("dtype"));
            assertEquals("float16", b.info().details().get("dtype"));
            assertEquals(a.model().weightBytes, a.model().mappedBytes, "F32 weights in float32 are all mapped");
        }
    }

    @Test
    void bfloat16IsRefusedWithTheReason() {
        Path dir = TestModels.copyAll(temp.resolve("bf16"));
        var e = assertThrows(io.futurnal.llm.ConfigurationException.class, () -> new HfProvider().create(
                TestModels.config(Map.of(HfSettings.MODEL_DIR.name(), dir.toString(), HfSettings.DTYPE.name(), "bfloat16"))));
        assertTrue(e.getMessage().contains("no bfloat16") && e.getMessage().contains("float16"), e.getMessage());
    }

    /** The bundled weights as a tied checkpoint: the embedding table doubles as the LM head. */
    private static Map<String, SafetensorsTestFiles.Tensor> tiedWeights() {
        Map<String, SafetensorsTestFiles.Tensor> tensors = new LinkedHashMap<>(
                SafetensorsTestFiles.read(TestModels.bundledDirectory().resolve("model.safetensors")));
        tensors.remove(HEAD);
        return tensors;
    }

    private static Map<String, SafetensorsTestFiles.Tensor> renamed(Map<String, SafetensorsTestFiles.Tensor> tensors,
                                                                   String from, String to) {
        Map<String, SafetensorsTestFiles.Tensor> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name.equals(from) ? to : name, t));
        return out;
    }

    private Path tiedDirectory(String name, Map<String, SafetensorsTestFiles.Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Path dir = temp.resolve(name);
        TestModels.copyMetadata(dir);
        editConfig(dir, "\"tie_word_embeddings\": false", "\"tie_word_embeddings\": true");
        SafetensorsTestFiles.write(dir.resolve("model.safetensors"), tensors, metadata);
        return dir;
    }

    private static ProbeResult probe(Path dir) {
        return new HfProvider().probe(TestModels.config(Map.of(HfSettings.MODEL_DIR.name(), dir.toString())));
    }

    private static void editConfig(Path dir, String from, String to) throws IOException {
        Path config = dir.resolve("config.json");
        String text = Files.readString(config);
        assertTrue(text.contains(from), "config.json has " + from);
        Files.writeString(config, text.replace(from, to));
    }
}
