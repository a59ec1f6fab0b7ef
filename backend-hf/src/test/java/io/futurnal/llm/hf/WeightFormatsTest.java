package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.futurnal.llm.GenerationOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The same weights stored other ways (sharded, BF16, F16) give the tokens they should. */
@Timeout(120)
class WeightFormatsTest {

    private static final int[] PROMPT = {1, 403, 407, 261, 378};
    private static final GenerationOptions GREEDY_64 = GenerationOptions.builder().temperature(0.0).maxTokens(64).build();

    @TempDir
    Path temp;

    @Test
    void shardedCopyGivesTheSameTokens() throws IOException {
        Map<String, SafetensorsTestFiles.Tensor> tensors = original();
        List<String> names = new ArrayList<>(tensors.keySet());
        Map<String, SafetensorsTestFiles.Tensor> first = new LinkedHashMap<>();
        Map<String, SafetensorsTestFiles.Tensor> second = new LinkedHashMap<>();
        ObjectNode index = JsonFiles.MAPPER.createObjectNode();
        index.putObject("metadata").put("total_size", tensors.values().stream().mapToLong(t -> t.data().length).sum());
        ObjectNode map = index.putObject("weight_map");
        for (int i = 0; i < names.size(); i++) {
            boolean early = i < names.size() / 2;
            String shard = early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
            (early ? first : second).put(names.get(i), tensors.get(names.get(i)));
            map.put(names.get(i), shard);
        }
        Path dir = temp.resolve("sharded");
        TestModels.copyMetadata(dir);
        SafetensorsTestFiles.write(dir.resolve("model-00001-of-00002.safetensors"), first);
        SafetensorsTestFiles.write(dir.resolve("model-00002-of-00002.safetensors"), second);
        Files.writeString(dir.resolve("model.safetensors.index.json"), index.toPrettyString());
        assertFalse(Files.exists(dir.resolve("model.safetensors")));

        int[] expected = TestModels.shared().generateTokens(PROMPT, GREEDY_64);
        try (HfClient sharded = TestModels.open(dir)) {
            assertArrayEquals(expected, sharded.generateTokens(PROMPT, GREEDY_64));
            assertTrue(sharded.generate("Once upon a time", GREEDY_64).text().startsWith(TestModels.ONCE_UPON_A_TIME));
        }
    }

    @Test
    void bf16CopyGivesTheTokensOfAnF32CopyHoldingTheSameRoundedValues() {
        Map<String, SafetensorsTestFiles.Tensor> bf16 = new LinkedHashMap<>();
        Map<String, SafetensorsTestFiles.Tensor> rounded = new LinkedHashMap<>();
        original().forEach((name, t) -> {
            bf16.put(name, SafetensorsTestFiles.toBf16(t));
            rounded.put(name, SafetensorsTestFiles.mapF32(t,
                    v -> HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(v))));
        });
        assertSameTokens(bf16, rounded, "bf16");
    }

    @Test
    void f16CopyGivesTheTokensOfAnF32CopyHoldingTheSameRoundedValues() {
        Map<String, SafetensorsTestFiles.Tensor> f16 = new LinkedHashMap<>();
        Map<String, SafetensorsTestFiles.Tensor> rounded = new LinkedHashMap<>();
        original().forEach((name, t) -> {
            f16.put(name, SafetensorsTestFiles.toF16(t));
            rounded.put(name, SafetensorsTestFiles.mapF32(t,
                    v -> HalfFloats.f16ToFloat(SafetensorsTestFiles.floatToF16(v))));
        });
        assertSameTokens(f16, rounded, "f16");
    }

    private void assertSameTokens(Map<String, SafetensorsTestFiles.Tensor> half,
                                  Map<String, SafetensorsTestFiles.Tensor> roundedF32, String name) {
        Path halfDir = temp.resolve(name);
        Path f32Dir = temp.resolve(name + "-as-f32");
        TestModels.copyMetadata(halfDir);
        TestModels.copyMetadata(f32Dir);
        SafetensorsTestFiles.write(halfDir.resolve("model.safetensors"), half);
        SafetensorsTestFiles.write(f32Dir.resolve("model.safetensors"), roundedF32);
        assertTrue(roundedF32.entrySet().stream().anyMatch(e -> !Arrays.equals(e.getValue().data(), original().get(e.getKey()).data())),
                "rounding changed some weights, so the test can tell the files apart");
        try (HfClient halfClient = TestModels.open(halfDir); HfClient f32Client = TestModels.open(f32Dir)) {
            int[] fromHalf = halfClient.generateTokens(PROMPT, GREEDY_64);
            int[] fromF32 = f32Client.generateTokens(PROMPT, GREEDY_64);
            assertEquals(64, fromHalf.length);
            assertArrayEquals(fromF32, fromHalf);
        }
    }

    private static Map<String, SafetensorsTestFiles.Tensor> original() {
        return SafetensorsTestFiles.read(TestModels.bundledDirectory().resolve("model.safetensors"));
    }
}
