package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.spi.ProbeResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks made before anything is allocated: safetensors byte ranges, config.json types and
 * ranges, tokenizer ids against the vocabulary, the architecture, and the memory a model needs.
 */
@Timeout(60)
class StrictChecksTest {

    @TempDir
    Path temp;

    @Test
    void safetensorsRangesMustTileTheDataSection() throws IOException {
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", 20, "gap of 4 bytes");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "overlaps");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 16, "8 bytes after its last tensor");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0.5,8]}}", 8, "malformed data_offsets");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "invalid shape");
        assertRejected("{\"__metadata__\":{\"x\":1},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8,
                "not a string");
    }

    @Test
    void configValuesAreCheckedForTypeAndRange() throws IOException {
        assertConfigRejected("\"hidden_size\": 64", "\"hidden_size\": \"64\"", "'hidden_size' must be a whole number");
        assertConfigRejected("\"hidden_size\": 64", "\"hidden_size\": 64.5", "'hidden_size' must be a whole number");
        assertConfigRejected("\"vocab_size\": 512", "\"vocab_size\": 1e12", "'vocab_size' must be a whole number from 1 to");
        assertConfigRejected("\"num_hidden_layers\": 5", "\"num_hidden_layers\": -5", "'num_hidden_layers'");
        assertConfigRejected("\"rms_norm_eps\": 9.999999747378752e-06", "\"rms_norm_eps\": \"tiny\"", "'rms_norm_eps' must be a number");
        assertConfigRejected("\"tie_word_embeddings\": false", "\"tie_word_embeddings\": \"no\"", "must be true or false");
        assertConfigRejected("\"LlamaForCausalLM\"", "\"GemmaForCausalLM\"",
                "unsupported architecture GemmaForCausalLM; supported: LlamaForCausalLM, MistralForCausalLM,"
                        + " Qwen2ForCausalLM, Qwen3ForCausalLM");
    }

    @Test
    void anEosIdOutsideTheVocabularyIsRejected() throws IOException {
        Path dir = TestModels.copyAll(temp.resolve("eos"));
        String config = Files.readString(dir.resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), config.replaceFirst("\"eos_token_id\": \\d+", "\"eos_token_id\": 9999"));
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> LlamaConfig.read(dir.resolve("config.json")));
        assertTrue(e.getMessage().contains("eos_token_id"), e.getMessage());
    }

    @Test
    void tokenizerIdsBeyondTheVocabularyAreRejectedAtLoad() throws IOException {
        Path dir = TestModels.copyAll(temp.resolve("tokenizer"));
        Path tokenizer = dir.resolve("tokenizer.json");
        String text = Files.readString(tokenizer);
        int at = text.indexOf("\"added_tokens\"");
        assertTrue(at >= 0, "the bundled tokenizer lists added tokens");
        Files.writeString(tokenizer, text.replaceFirst("\"id\"\\s*:\\s*0", "\"id\": 600"));
        assertEquals(600, HfTokenizer.highestId(tokenizer));
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> TestModels.open(dir));
        assertTrue(e.getMessage().contains("token id 600") && e.getMessage().contains("vocab_size is 512"), e.getMessage());
    }

    @Test
    void theProbeChecksEveryTensorShape() throws IOException {
        Path dir = TestModels.copyAll(temp.resolve("shape"));
        String config = Files.readString(dir.resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), config.replace("\"num_hidden_layers\": 5", "\"num_hidden_layers\": 6"));
        ProbeResult probe = new HfProvider().probe(TestModels.config(Map.of(HfSettings.MODEL_DIR.name(), dir.toString())));
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("model.layers.5."), probe.reason());
    }

    @Test
    void aModelThatCannotFitFailsWithTheTypedMemoryError() throws IOException {
        long available = Memory.available().orElseThrow().bytes();
        // an 8B-shaped F32 checkpoint with enough layers to need twice the memory there is, as a sparse file
        int hidden = 4096;
        int ffn = 14336;
        int vocab = 128256;
        long perLayer = 4L * (2L * hidden * hidden + 2L * 1024 * hidden + 3L * ffn * hidden + 2L * hidden);
        int layers = (int) Math.min(1000, Math.max(32, 2 * available / perLayer));
        Path dir = temp.resolve("huge");
        TestModels.copyMetadata(dir);
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"LlamaForCausalLM\"], \"hidden_size\": " + hidden
                + ", \"intermediate_size\": " + ffn + ", \"num_hidden_layers\": " + layers + ", \"num_attention_heads\": 32,"
                + " \"num_key_value_heads\": 8, \"vocab_size\": " + vocab + ", \"max_position_embeddings\": 8192,"
                + " \"tie_word_embeddings\": false}");
        writeSparseCheckpoint(dir.resolve("model.safetensors"), hidden, ffn, layers, vocab);
        assertTrue(new HfProvider().probe(TestModels.config(Map.of(HfSettings.MODEL_DIR.name(), dir.toString()))).available());
        ModelTooLargeException e = assertThrows(ModelTooLargeException.class, () -> TestModels.open(dir));
        assertTrue(e.neededBytes() > e.availableBytes());
        assertTrue(e.getMessage().contains("float32 weights") && e.getMessage().contains("FUTURNAL_HF_DTYPE=float16")
                && e.getMessage().contains("llamacpp"), e.getMessage());
    }

    private static void writeSparseCheckpoint(Path file, int hidden, int ffn, int layers, int vocab) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long[] offset = {0};
        java.util.function.BiConsumer<String, long[]> add = (name, shape) -> {
            long bytes = 4;
            for (long d : shape) {
                bytes *= d;
            }
            header.append(offset[0] == 0 ? "" : ",").append('"').append(name).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(shape)).append(",\"data_offsets\":[").append(offset[0]).append(',')
                    .append(offset[0] + bytes).append("]}");
            offset[0] += bytes;
        };
        add.accept("model.embed_tokens.weight", new long[] {vocab, hidden});
        add.accept("lm_head.weight", new long[] {vocab, hidden});
        add.accept("model.norm.weight", new long[] {hidden});
        for (int i = 0; i < layers; i++) {
            String p = "model.layers." + i + ".";
            add.accept(p + "input_layernorm.weight", new long[] {hidden});
            add.accept(p + "post_attention_layernorm.weight", new long[] {hidden});
            add.accept(p + "self_attn.q_proj.weight", new long[] {hidden, hidden});
            add.accept(p + "self_attn.k_proj.weight", new long[] {1024, hidden});
            add.accept(p + "self_attn.v_proj.weight", new long[] {1024, hidden});
            add.accept(p + "self_attn.o_proj.weight", new long[] {hidden, hidden});
            add.accept(p + "mlp.gate_proj.weight", new long[] {ffn, hidden});
            add.accept(p + "mlp.up_proj.weight", new long[] {ffn, hidden});
            add.accept(p + "mlp.down_proj.weight", new long[] {hidden, ffn});
        }
        header.append('}');
        while ((header.length() + 8) % 8 != 0) {
            header.append(' ');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            out.write(h);
            // a hole, not written bytes: the test needs the size, never the data
            out.setLength(8L + h.length + offset[0]);
        }
    }

    private void assertRejected(String header, int dataBytes, String expected) throws IOException {
        Path file = temp.resolve("t" + System.nanoTime() + ".safetensors");
        StringBuilder padded = new StringBuilder(header);
        while ((padded.length() + 8) % 8 != 0) {
            padded.append(' ');
        }
        byte[] h = padded.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer all = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        all.putLong(h.length).put(h);
        Files.write(file, all.array());
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> SafetensorsHeader.read(file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private void assertConfigRejected(String from, String to, String expected) throws IOException {
        Path dir = temp.resolve("config" + System.nanoTime());
        TestModels.copyMetadata(dir);
        Path config = dir.resolve("config.json");
        String text = Files.readString(config);
        assertTrue(text.contains(from), "config.json has " + from);
        Files.writeString(config, text.replace(from, to));
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> LlamaConfig.read(config));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
