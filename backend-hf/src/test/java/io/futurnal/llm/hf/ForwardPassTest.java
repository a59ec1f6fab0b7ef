package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NDArray forward pass against {@link ReferenceLlama} on the stories260K weights and on
 * variants made from them: Qwen2 q/k/v biases, tied embeddings, Llama 3 and linear RoPE scaling.
 */
@Timeout(120)
class ForwardPassTest {

    private static final int[] TOKENS = {1, 403, 407, 261, 378, 286, 298, 261, 348, 1041 % 512, 329, 274, 97};

    @TempDir
    Path temp;

    @Test
    void matchesTheReferenceOnTheShippedWeights() throws IOException {
        compare(TestModels.copyAll(temp.resolve("plain")));
    }

    @Test
    void prefillAndOneTokenStepsAgree() {
        HfModel model = TestModels.shared().model();
        float[] whole;
        try (KvCache cache = new KvCache(model.manager(), model.config, 4, 64, model.forward.computeType())) {
            whole = model.forward.forward(TOKENS, cache);
        }
        float[] stepwise = null;
        try (KvCache cache = new KvCache(model.manager(), model.config, 4, 64, model.forward.computeType())) {
            for (int token : TOKENS) {
                stepwise = model.forward.forward(new int[] {token}, cache);
            }
            assertEquals(TOKENS.length, cache.length());
        }
        assertArrayEquals(whole, stepwise, 1e-4f);
    }

    @Test
    void qwen2BiasesAreApplied() throws IOException {
        Path dir = temp.resolve("qwen2");
        TestModels.copyMetadata(dir);
        Map<String, SafetensorsTestFiles.Tensor> tensors = new LinkedHashMap<>(weights());
        Random random = new Random(5);
        for (int l = 0; l < 5; l++) {
            for (String proj : new String[] {"q_proj", "k_proj", "v_proj"}) {
                int rows = (int) tensors.get("model.layers." + l + ".self_attn." + proj + ".weight").shape()[0];
                tensors.put("model.layers." + l + ".self_attn." + proj + ".bias", randomVector(random, rows, 0f));
            }
        }
        SafetensorsTestFiles.write(dir.resolve("model.safetensors"), tensors);
        editConfig(dir, "\"LlamaForCausalLM\"", "\"Qwen2ForCausalLM\"");
        float[] withBias = compare(dir);
        float[] without = logitsOf(TestModels.shared().model());
        assertTrue(maxDifference(withBias, without) > 0.01, "the biases change the logits");
    }

    @Test
    void qwen3PerHeadQueryAndKeyNormsAreApplied() throws IOException {
        Path dir = temp.resolve("qwen3");
        TestModels.copyMetadata(dir);
        Map<String, SafetensorsTestFiles.Tensor> tensors = new LinkedHashMap<>(weights());
        Random random = new Random(7);
        int headDim = 8;
        for (int l = 0; l < 5; l++) {
            for (String norm : new String[] {"q_norm", "k_norm"}) {
                tensors.put("model.layers." + l + ".self_attn." + norm + ".weight", randomVector(random, headDim, 1f));
            }
        }
        SafetensorsTestFiles.write(dir.resolve("model.safetensors"), tensors);
        editConfig(dir, "\"LlamaForCausalLM\"", "\"Qwen3ForCausalLM\"");
        float[] normed = compare(dir);
        assertTrue(maxDifference(normed, logitsOf(TestModels.shared().model())) > 0.01, "the norms change the logits");
    }

    @Test
    void tiedEmbeddingsUseTheEmbeddingTable() throws IOException {
        Path dir = temp.resolve("tied");
        TestModels.copyMetadata(dir);
        Map<String, SafetensorsTestFiles.Tensor> tensors = new LinkedHashMap<>(weights());
        tensors.remove("lm_head.weight");
        SafetensorsTestFiles.write(dir.resolve("model.safetensors"), tensors);
        editConfig(dir, "\"tie_word_embeddings\": false", "\"tie_word_embeddings\": true");
        compare(dir);
    }

    @Test
    void llama3RopeScalingMatches() throws IOException {
        Path dir = TestModels.copyAll(temp.resolve("llama3-rope"));
        editConfig(dir, "\"rope_scaling\": null", "\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0, "
                + "\"low_freq_factor\": 1.0, \"high_freq_factor\": 4.0, \"original_max_position_embeddings\": 64}");
        float[] scaled = compare(dir);
        assertTrue(maxDifference(scaled, logitsOf(TestModels.shared().model())) > 1e-3, "the scaling changes the logits");
    }

    @Test
    void linearRopeScalingAndMistralMatch() throws IOException {
        Path dir = TestModels.copyAll(temp.resolve("linear-rope"));
        editConfig(dir, "\"rope_scaling\": null", "\"rope_scaling\": {\"type\": \"linear\", \"factor\": 2.0}");
        editConfig(dir, "\"LlamaForCausalLM\"", "\"MistralForCausalLM\"");
        compare(dir);
    }

    /** Loads {@code dir}, checks its logits against the reference, and returns them. */
    private float[] compare(Path dir) {
        try (HfClient client = TestModels.open(dir)) {
            HfModel model = client.model();
            float[] ours = logitsOf(model);
            Map<String, SafetensorsTestFiles.Tensor> tensors = SafetensorsTestFiles.read(dir.resolve("model.safetensors"));
            double[] expected = new ReferenceLlama(model.config, tensors).logits(TOKENS);
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - ours[i]));
            }
            assertTrue(worst < 2e-3, "largest logit difference " + worst);
            assertEquals(Sampler.argMax(toFloats(expected)), Sampler.argMax(ours));
            return ours;
        }
    }

    private static float[] logitsOf(HfModel model) {
        try (KvCache cache = new KvCache(model.manager(), model.config, 16, 64, model.forward.computeType())) {
            return model.forward.forward(TOKENS, cache);
        }
    }

    /** An F32 vector of {@code n} values around {@code mean}, spread 0.5. */
    private static SafetensorsTestFiles.Tensor randomVector(Random random, int n, float mean) {
        ByteBuffer values = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            values.putFloat(mean + (float) random.nextGaussian() * 0.5f);
        }
        return new SafetensorsTestFiles.Tensor("F32", new long[] {n}, values.array());
    }

    private static Map<String, SafetensorsTestFiles.Tensor> weights() {
        return SafetensorsTestFiles.read(TestModels.bundledDirectory().resolve("model.safetensors"));
    }

    private static void editConfig(Path dir, String from, String to) throws IOException {
        Path config = dir.resolve("config.json");
        String text = Files.readString(config);
        assertTrue(text.contains(from), "config.json has " + from);
        Files.writeString(config, text.replace(from, to));
    }

    private static double maxDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
