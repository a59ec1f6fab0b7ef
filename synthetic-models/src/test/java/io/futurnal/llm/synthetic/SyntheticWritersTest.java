package io.futurnal.llm.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writers' formats and the sameness of the weights across files, without a runtime. */
class SyntheticWritersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelShape SMALL = ModelShape.TINY_LLAMA_3.withVocabSize(1000);

    @TempDir
    Path temp;

    @Test
    void presetsHaveTheRealParameterCounts() {
        // Meta's published sizes: 1.24 B (tied) and 8.03 B parameters
        assertEquals(1_235_814_400L, ModelShape.LLAMA_3_2_1B.parameters());
        assertEquals(8_030_261_248L, ModelShape.LLAMA_3_1_8B.parameters());
        assertEquals(ModelShape.LLAMA_3_2_1B, ModelShape.preset("Llama-3.2-1B-Instruct"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelShape.preset("gpt-9"));
        assertTrue(e.getMessage().contains("llama-3.2-1b"), e.getMessage());
    }

    @Test
    void vocabularyIsAValidByteLevelBpeOfTheAskedSize() {
        Vocabulary v = Vocabulary.generate(128_256, 1);
        assertEquals(128_256, v.tokens().size());
        assertEquals(128_256 - 256 - 256, v.merges().size());
        assertEquals(128_000, v.bos());
        assertEquals("<|begin_of_text|>", v.tokens().get(128_000));
        assertEquals("<|eot_id|>", v.tokens().get(128_009));
        assertEquals("<|reserved_special_token_247|>", v.tokens().get(128_255));
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < v.tokens().size(); i++) {
            assertEquals(null, ids.put(v.tokens().get(i), i), "duplicate token " + v.tokens().get(i));
            if (i >= 256 && i < v.bos()) {
                String[] parts = v.merges().get(i - 256).split(" ");
                assertEquals(2, parts.length);
                assertEquals(v.tokens().get(i), parts[0] + parts[1]);
                assertTrue(ids.get(parts[0]) < i && ids.get(parts[1]) < i, "merge parts exist before " + i);
            }
        }
        assertEquals(v, Vocabulary.generate(128_256, 1), "deterministic");
    }

    @Test
    void qkRowPermutationIsTheConvertersInterleaving() {
        SyntheticTensor q = new SyntheticTensor("q", "attn_q", 8, 32, false, 2);
        long[] hfRows = new long[8];
        for (int r = 0; r < 8; r++) {
            hfRows[r] = q.hfRowOf(r);
        }
        // head 0 holds HF rows 0..3 as pairs (0,2),(1,3); head 1 likewise
        assertArrayEquals(new long[] {0, 2, 1, 3, 4, 6, 5, 7}, hfRows);
    }

    @Test
    void everyWeightIsExactInEveryTypeAndQ8IsLossless() {
        WeightValues values = new WeightValues(7);
        SyntheticTensor t = TensorPlan.of(ModelShape.LLAMA_3_2_1B).get(2);
        byte[] k = new byte[(int) t.cols()];
        values.row(t, 5, k);
        float step = WeightValues.step(t);
        for (WeightType type : WeightType.values()) {
            ByteBuffer b = ByteBuffer.allocate((int) type.bytes(k.length)).order(ByteOrder.LITTLE_ENDIAN);
            type.encode(k, step, false, b);
            float[] back = decode(type, b.flip(), k.length);
            for (int j = 0; j < k.length; j++) {
                assertEquals(k[j] * step, back[j], 0f, type + " value " + j);
            }
        }
        double sum = 0;
        for (byte v : k) {
            sum += (v * step) * (v * step);
        }
        double std = Math.sqrt(sum / k.length);
        assertTrue(std > 0.5 / Math.sqrt(t.cols()) && std < 2 / Math.sqrt(t.cols()), "std " + std);
    }

    @Test
    void halfFloatRoundingMatchesIeee() {
        assertEquals((short) 0x3C00, HalfFloats.toF16(1f));
        assertEquals((short) 0xC000, HalfFloats.toF16(-2f));
        assertEquals((short) 0x7BFF, HalfFloats.toF16(65504f));
        assertEquals((short) 0x7C00, HalfFloats.toF16(1e6f));
        assertEquals((short) 0x0001, HalfFloats.toF16(5.9604645e-8f));
        assertEquals((short) 0x3C00, HalfFloats.toF16(1.00048828125f), "a tie rounds to even");
        assertEquals((short) 0x3F80, HalfFloats.toBf16(1f));
        assertEquals((short) 0x3F80, HalfFloats.toBf16(Float.intBitsToFloat(0x3F808000)), "a tie rounds to even");
    }

    @Test
    void hfDirectoryIsShardedWithAnIndexAndReproducible() throws IOException {
        SyntheticModels models = SyntheticModels.in(temp).withMaxShardBytes(100_000);
        Path dir = models.hfDirectory(SMALL, WeightType.BF16, 3);
        for (String f : List.of("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
                "model.safetensors.index.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
        assertEquals(64, config.get("hidden_size").asInt());
        assertEquals("llama3", config.at("/rope_scaling/rope_type").asText());
        assertTrue(config.get("tie_word_embeddings").asBoolean());
        JsonNode index = JSON.readTree(dir.resolve("model.safetensors.index.json").toFile());
        Set<String> shards = new HashSet<>();
        index.get("weight_map").fields().forEachRemaining(e -> shards.add(e.getValue().asText()));
        assertTrue(shards.size() > 1, "sharded: " + shards);
        long total = 0;
        for (String shard : shards) {
            JsonNode header = safetensorsHeader(dir.resolve(shard));
            long end = 0;
            for (var it = header.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getKey().equals("__metadata__")) {
                    assertEquals("BF16", e.getValue().get("dtype").asText());
                    end = Math.max(end, e.getValue().get("data_offsets").get(1).asLong());
                }
            }
            total += end;
        }
        assertEquals(index.at("/metadata/total_size").asLong(), total);
        assertEquals(SyntheticModels.weightBytes(SMALL, WeightType.BF16), total);
        assertFalse(index.get("weight_map").has("lm_head.weight"), "tied: stored once as the embedding");

        Path again = SyntheticModels.in(temp.resolve("other")).withMaxShardBytes(100_000).hfDirectory(SMALL, WeightType.BF16, 3);
        for (String shard : shards) {
            assertEquals(-1L, Files.mismatch(dir.resolve(shard), again.resolve(shard)), "same seed, same bytes");
        }
        assertEquals(dir, models.hfDirectory(SMALL, WeightType.BF16, 3), "cached");
    }

    @Test
    void ggufAndSafetensorsHoldTheSameWeights() throws IOException {
        SyntheticModels models = SyntheticModels.in(temp);
        Path hf = models.hfDirectory(SMALL, WeightType.F32, 11).resolve("model.safetensors");
        Path gguf = models.gguf(SMALL, WeightType.Q8_0, 11);
        ByteBuffer st = map(hf);
        JsonNode header = safetensorsHeader(hf);
        long stData = 8 + st.getLong(0);
        GgufTensors table = GgufTensors.read(map(gguf));
        assertEquals("llama", table.strings.get("general.architecture"));
        assertEquals("gpt2", table.strings.get("tokenizer.ggml.model"));
        for (SyntheticTensor t : TensorPlan.of(SMALL)) {
            long stOffset = stData + header.get(t.hfName()).get("data_offsets").get(0).asLong();
            long ggOffset = table.dataStart + table.offsets.get(t.ggufName());
            int type = table.types.get(t.ggufName());
            assertEquals(t.norm() ? 0 : 8, type, t.ggufName());
            for (long ggRow = 0; ggRow < t.rows(); ggRow += Math.max(1, t.rows() / 7)) {
                long hfRow = t.hfRowOf(ggRow);
                for (int j = 0; j < t.cols(); j += 13) {
                    float expected = st.getFloat((int) (stOffset + 4 * (hfRow * t.cols() + j)));
                    float actual = t.norm() ? gg(table, ggOffset, j) : q8(table.data, ggOffset, ggRow * t.cols() + j);
                    assertEquals(expected, actual, 0f, t.ggufName() + " row " + ggRow + " col " + j);
                }
            }
        }
        assertTrue(table.offsets.containsKey("rope_freqs.weight"));
    }

    private static float gg(GgufTensors table, long offset, int j) {
        return table.data.getFloat((int) (offset + 4L * j));
    }

    private static float q8(ByteBuffer data, long offset, long index) {
        long block = index / 32;
        int at = (int) (offset + block * 34);
        float d = halfToFloat(data.getShort(at));
        return d * data.get(at + 2 + (int) (index % 32));
    }

    private static float[] decode(WeightType type, ByteBuffer b, int n) {
        float[] out = new float[n];
        for (int j = 0; j < n; j++) {
            out[j] = switch (type) {
                case F32 -> b.getFloat(4 * j);
                case F16 -> halfToFloat(b.getShort(2 * j));
                case BF16 -> Float.intBitsToFloat(b.getShort(2 * j) << 16);
                case Q8_0 -> q8(b, 0, j);
            };
        }
        return out;
    }

    private static float halfToFloat(short h) {
        int sign = (h >> 15) & 1;
        int exp = (h >> 10) & 0x1F;
        int mant = h & 0x3FF;
        double v = exp == 0 ? mant * Math.pow(2, -24) : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
        return (float) (sign == 1 ? -v : v);
    }

    private static ByteBuffer map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static JsonNode safetensorsHeader(Path file) throws IOException {
        ByteBuffer b = map(file);
        byte[] json = new byte[(int) b.getLong(0)];
        b.get(8, json);
        return JSON.readTree(new String(json, StandardCharsets.UTF_8));
    }
}
