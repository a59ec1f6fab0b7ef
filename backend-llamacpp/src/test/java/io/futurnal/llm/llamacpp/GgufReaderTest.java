package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFactsOfStories260K() {
        GgufHeader h = GgufReader.read(ModelFiles.stories());
        assertEquals("llama", h.architecture());
        assertEquals(3, h.version());
        assertEquals(2048, h.contextLength());
        assertEquals(5, h.blockCount());
        assertEquals(64, h.embeddingLength());
        assertEquals(292_800, h.parameterCount());
        assertEquals("", h.fileType(), "stories260K declares no general.file_type");
        assertEquals("F32", h.quantization());
        assertEquals(512, h.vocabularySize());
        assertEquals("llama", h.tokenizerModel());
        assertTrue(h.addBosToken());
        assertTrue(h.chatTemplateText().isEmpty());
        assertEquals(48, h.tensorCount());
        assertEquals(1_185_376, h.fileSize());
        assertEquals("8", h.metadata().get("llama.attention.head_count"));
        assertEquals("[512 x string]", h.metadata().get("tokenizer.ggml.tokens"));
    }

    @Test
    void readsTheFactsOfLlama2TinyRandom() {
        GgufHeader h = GgufReader.read(ModelFiles.tinyRandom());
        assertEquals("llama", h.architecture());
        assertEquals("LLaMA v2", h.name());
        assertEquals(4096, h.contextLength());
        assertEquals(1, h.blockCount());
        assertEquals(8, h.embeddingLength());
        assertEquals(513_048, h.parameterCount());
        assertEquals("F16", h.fileType());
        assertEquals("F16", h.quantization());
        assertEquals(32_000, h.vocabularySize());
        assertEquals("llama, 513K parameters, F16, context 4096", h.summary());
    }

    @Test
    void acceptsAMinimalWrittenFile() throws IOException {
        Path file = GgufWriter.minimal().u32("general.file_type", 15).writeTo(dir.resolve("ok.gguf"));
        GgufHeader h = GgufReader.read(file);
        assertEquals(32, h.parameterCount());
        assertEquals("Q4_K_M", h.fileType());
        assertEquals(256, h.contextLength());
    }

    @Test
    void missingEmptyDirectoryAndTinyFiles() throws IOException {
        assertProblem(dir.resolve("absent.gguf"), "does not exist");
        assertProblem(dir, "is a directory");
        assertProblem(Files.write(dir.resolve("empty.gguf"), new byte[0]), "empty (0 bytes)");
        assertProblem(Files.write(dir.resolve("three.gguf"), "GGU".getBytes(StandardCharsets.US_ASCII)), "only 3 bytes");
    }

    @Test
    void recognisesFilesThatAreNotGguf() throws IOException {
        assertProblem(Files.writeString(dir.resolve("text.gguf"), "hello, I am not a model\n"), "text file");
        assertProblem(Files.writeString(dir.resolve("lfs.gguf"), "version https://git-lfs.github.com/spec/v1\noid sha256:ab\n"),
                "Git LFS pointer");
        assertProblem(Files.writeString(dir.resolve("page.gguf"), "<!DOCTYPE html><html></html>"), "HTML page");
        assertProblem(Files.write(dir.resolve("zip.gguf"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 1, 2}), "zip archive");
        assertProblem(Files.write(dir.resolve("bin.gguf"), new byte[] {1, 2, 3, (byte) 0xFF, 0, 0, 9, 9}), "instead of 'GGUF'");
    }

    @Test
    void rejectsUnsupportedVersions() throws IOException {
        assertProblem(patchU32(ModelFiles.stories(), 4, 1, "v1.gguf"), "version 1 is too old");
        assertProblem(patchU32(ModelFiles.stories(), 4, 99, "v99.gguf"), "version 99 is not supported");
        assertProblem(patchU32(ModelFiles.stories(), 4, 0x03000000L, "be.gguf"), "big-endian");
    }

    @Test
    void rejectsAbsurdCountsAndLengths() throws IOException {
        assertProblem(patchU64(ModelFiles.stories(), 8, 1L << 40, "tensors.gguf"), "claims 1099511627776 tensors");
        assertProblem(patchU64(ModelFiles.stories(), 16, -1L, "kvs.gguf"), "metadata entries");
        assertProblem(patchU64(ModelFiles.stories(), 24, 1L << 50, "keylen.gguf"), "string length");
    }

    @Test
    void rejectsTruncatedAndHeaderOnlyFiles() throws IOException {
        Path stories = ModelFiles.stories();
        byte[] all = Files.readAllBytes(stories);
        long dataStart = GgufReader.read(stories).tensorDataOffset();
        assertProblem(Files.write(dir.resolve("cut-header.gguf"), Arrays.copyOf(all, 20)), "truncated");
        assertProblem(Files.write(dir.resolve("cut-meta.gguf"), Arrays.copyOf(all, 3000)), "truncated");
        assertProblem(Files.write(dir.resolve("header-only.gguf"), Arrays.copyOf(all, (int) dataStart)), "header but no tensor data");
        assertProblem(Files.write(dir.resolve("half.gguf"), Arrays.copyOf(all, all.length / 2)), "truncated: the data of tensor");
        assertProblem(Files.write(dir.resolve("one-short.gguf"), Arrays.copyOf(all, all.length - 1)), "truncated");
    }

    @Test
    void rejectsMalformedMetadata() throws IOException {
        assertProblem(GgufWriter.minimal().raw("bad.type", 77, new byte[4]).writeTo(dir.resolve("type.gguf")), "unknown value type 77");
        byte[] nested = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(9).putLong(1).array();
        assertProblem(GgufWriter.minimal().raw("nested", 9, nested).writeTo(dir.resolve("nested.gguf")), "nested arrays");
        assertProblem(GgufWriter.minimal().string("general.name", "a").string("general.name", "b").writeTo(dir.resolve("dup.gguf")),
                "appears twice");
        assertProblem(new GgufWriter().tensor("t", GgmlType.F32, 4).writeTo(dir.resolve("noarch.gguf")), "no general.architecture");
        assertProblem(GgufWriter.minimal().u32("general.alignment", 24).writeTo(dir.resolve("align.gguf")), "power of two");
    }

    @Test
    void rejectsMalformedTensorTables() throws IOException {
        GgufWriter noTensors = new GgufWriter().string("general.architecture", "llama");
        assertProblem(noTensors.writeTo(dir.resolve("none.gguf")), "holds no tensors");
        assertProblem(arch().tensorAt("t", 4, 0, 32, 32).writeTo(dir.resolve("q4_2.gguf")), "data type 4");
        assertProblem(arch().tensor("t", GgmlType.F32, 1, 1, 1, 1, 1).writeTo(dir.resolve("dims.gguf")), "at most 4");
        assertProblem(arch().tensorAt("t", 0, 7, 16, 4).writeTo(dir.resolve("misaligned.gguf")), "not a multiple of the alignment");
        assertProblem(arch().tensor("a", GgmlType.F32, 8).tensorAt("b", 0, 0, 32, 8).writeTo(dir.resolve("overlap.gguf")),
                "tensors before it end at");
        assertProblem(arch().tensorAt("t", GgmlType.Q4_0.id, 0, 18, 10).writeTo(dir.resolve("blocks.gguf")), "not a multiple of the 32");
        assertProblem(arch().tensor("a", GgmlType.F32, 4).tensor("a", GgmlType.F32, 4).writeTo(dir.resolve("twice.gguf")), "appears twice");
        assertProblem(arch().tensor("x".repeat(64), GgmlType.F32, 4).writeTo(dir.resolve("name.gguf")), "exceeds the limit of 63");
        assertProblem(arch().tensorAt("t", 0, 0, 8, -2).writeTo(dir.resolve("negative.gguf")), "negative or absurd dimension");
    }

    @Test
    void acceptsASoundVocabularyAndTheNoneSentinelForSpecialTokens() throws IOException {
        GgufHeader h = GgufReader.read(GgufWriter.withVocabulary().u32("tokenizer.ggml.padding_token_id", 0xFFFF_FFFFL)
                .i32("tokenizer.ggml.unknown_token_id", -1).writeTo(dir.resolve("vocab.gguf")));
        assertEquals(4, h.vocabularySize());
        assertEquals("llama", h.tokenizerModel());
        Path noVocabulary = GgufWriter.minimal().string("tokenizer.ggml.model", "no").writeTo(dir.resolve("no-vocab.gguf"));
        assertEquals("no", GgufReader.read(noVocabulary).tokenizerModel());
    }

    @Test
    void rejectsATokenizerLlamaCppDoesNotKnow() throws IOException {
        assertRule(GgufWriter.minimal().string("tokenizer.ggml.model", "sentencepiece"), "tokenizer.ggml.model", "'sentencepiece'");
        assertRule(GgufWriter.minimal().u32("tokenizer.ggml.model", 1), "tokenizer.ggml.model", "u32 (1)", "must be a string");
    }

    @Test
    void rejectsATokenListWithEmptyInvalidOrRepeatedTokens() throws IOException {
        String key = "tokenizer.ggml.tokens";
        assertRule(vocab().strings(key, "a", "", "c", "d"), key, "empty token ''", "index 1");
        assertRule(vocab().stringBytes(key, bytes("a"), bytes("b"), new byte[] {(byte) 0xC3, 0x28}, bytes("d")), key, "c328",
                "not valid UTF-8");
        assertRule(vocab().strings(key, "a", "b", "a", "d"), key, "'a' twice");
        assertRule(vocab().i32s(key, 1, 2, 3, 4), key, "an array of i32", "[4 x i32]", "must be an array of strings");
        assertRule(vocab().strings(key), key, "empty array");
        assertRule(vocab().strings(key, "a", "b\u0000", "c", "d"), key, "token 1", "NUL character");
    }

    @Test
    void rejectsTokenTypesLlamaCppDoesNotHaveAndStringsThatAreNotUtf8() throws IOException {
        assertRule(tokens().i32s("tokenizer.ggml.token_type", 1, 1, 4096, 1), "tokenizer.ggml.token_type[2] is 4096", "0 to 6");
        assertRule(tokens().i32s("tokenizer.ggml.token_type", 1, -1, 1, 1), "tokenizer.ggml.token_type[1] is -1");
        byte[] notUtf8 = java.nio.ByteBuffer.allocate(11).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(3).put(new byte[] {'a', (byte) 0xFF, 'b'}).array();
        assertRule(GgufWriter.minimal().raw("general.name", 8, notUtf8), "general.name", "not valid UTF-8");
    }

    @Test
    void rejectsVocabularyArraysOfTheWrongLengthOrType() throws IOException {
        assertRule(vocab().strings("tokenizer.ggml.tokens", "a", "b", "c", "d", "e"), "tokenizer.ggml.tokens", "5 tokens",
                "token_embd.weight is 4");
        assertRule(tokens().i32s("tokenizer.ggml.token_type", 1, 1, 1), "tokenizer.ggml.token_type", "has 3 entries", "has 4");
        assertRule(tokens().f32s("tokenizer.ggml.token_type", 1, 1, 1, 1), "tokenizer.ggml.token_type", "[4 x f32]", "int32");
        assertRule(tokens().f32s("tokenizer.ggml.scores", 0, 0, 0, 0, 0), "tokenizer.ggml.scores", "has 5 entries");
        assertRule(tokens().i32s("tokenizer.ggml.scores", 0, 0, 0, 0), "tokenizer.ggml.scores", "[4 x i32]", "float32");
    }

    @Test
    void rejectsSpecialTokenIdsOutsideTheVocabulary() throws IOException {
        assertRule(tokens().u32("tokenizer.ggml.bos_token_id", 4), "tokenizer.ggml.bos_token_id", "is 4", "ids 0 to 3");
        assertRule(tokens().u32("tokenizer.ggml.eot_token_id", 70_000), "tokenizer.ggml.eot_token_id", "is 70000");
        assertRule(tokens().i32("tokenizer.ggml.padding_token_id", -7), "tokenizer.ggml.padding_token_id", "is -7");
        assertRule(tokens().string("tokenizer.ggml.eos_token_id", "</s>"), "tokenizer.ggml.eos_token_id", "</s>", "integer");
    }

    @Test
    void rejectsImpossibleLayerContextAndEmbeddingSizes() throws IOException {
        assertRule(GgufWriter.minimal().u32("llama.block_count", 0), "llama.block_count", "is 0", "at least 1");
        assertRule(new GgufWriter().string("general.architecture", "llama").u32("llama.context_length", 0)
                .tensor("t", GgmlType.F32, 4), "llama.context_length", "is 0");
        assertRule(GgufWriter.minimal().u64("llama.embedding_length", -1L), "llama.embedding_length", "18446744073709551615");
        assertRule(GgufWriter.minimal().string("llama.block_count", "five"), "llama.block_count", "five", "integer");
    }

    @Test
    void rejectsHeadCountsThatDoNotDivide() throws IOException {
        GgufWriter eightWide = GgufWriter.minimal().u32("llama.embedding_length", 8);
        assertRule(eightWide.u32("llama.attention.head_count", 3), "llama.embedding_length is 8", "head_count 3");
        assertRule(GgufWriter.minimal().u32("llama.attention.head_count", 0), "llama.attention.head_count", "is 0");
        assertRule(GgufWriter.minimal().u32("llama.embedding_length", 8).u32("llama.attention.head_count", 4)
                .u32("llama.attention.head_count_kv", 3), "llama.attention.head_count is 4", "head_count_kv 3");
        assertRule(GgufWriter.minimal().u32("llama.attention.head_count", 4).u32("llama.attention.head_count_kv", 0),
                "llama.attention.head_count_kv", "is 0");
        Path explicitHeadSize = GgufWriter.minimal().u32("llama.embedding_length", 8).u32("llama.attention.head_count", 3)
                .u32("llama.attention.key_length", 4).writeTo(dir.resolve("key-length.gguf"));
        assertEquals(8, GgufReader.read(explicitHeadSize).embeddingLength(), "an explicit head size need not divide");
    }

    @Test
    void rejectsExpertCountsLlamaCppWouldAssertOn() throws IOException {
        assertRule(GgufWriter.minimal().u32("llama.expert_count", 4).u32("llama.expert_used_count", 5),
                "llama.expert_used_count is 5", "expert_count 4");
        assertRule(GgufWriter.minimal().u32("llama.expert_count", 4).u32("llama.expert_used_count", 0),
                "llama.expert_used_count is 0", "expert_count 4");
        assertRule(GgufWriter.minimal().u32("llama.expert_used_count", 2), "llama.expert_used_count is 2", "expert_count 0");
        assertRule(GgufWriter.minimal().u32("llama.expert_count", 100_000).u32("llama.expert_used_count", 2),
                "llama.expert_count is 100000", "at most 256");
        Path mixture = GgufWriter.minimal().u32("llama.expert_count", 8).u32("llama.expert_used_count", 2)
                .writeTo(dir.resolve("moe.gguf"));
        assertEquals("8", GgufReader.read(mixture).metadata().get("llama.expert_count"));
    }

    @Test
    void rejectsNormalisationEpsilonsThatAreNotFiniteOrAreNegative() throws IOException {
        String rms = "llama.attention.layer_norm_rms_epsilon";
        String plain = "llama.attention.layer_norm_epsilon";
        assertRule(GgufWriter.minimal().f32(rms, Float.NaN), rms, "NaN");
        assertRule(GgufWriter.minimal().f32(plain, Float.POSITIVE_INFINITY), plain, "Infinity");
        assertRule(GgufWriter.minimal().f32(rms, -1e-5f), rms, "-1.0E-5");
        assertRule(GgufWriter.minimal().u32(plain, 1), plain, "u32 (1)", "float");
        assertRule(GgufWriter.minimal().f32(rms, 65504f), rms, "65504.0", "below 0.01");
    }

    @Test
    void rejectsAnAlignmentOfTheWrongTypeOrSize() throws IOException {
        assertRule(GgufWriter.minimal().u64("general.alignment", 32), "general.alignment", "u64 (32)", "must be a u32");
        assertRule(GgufWriter.minimal().u32("general.alignment", 1L << 20), "general.alignment", "1048576", "power of two up to");
        assertRule(GgufWriter.minimal().raw("general.alignment", 4, new byte[4]), "general.alignment is 0");
        Path wide = GgufWriter.minimal().u32("general.alignment", 64).writeTo(dir.resolve("align64.gguf"));
        assertEquals(64, GgufReader.read(wide).alignment());
        assertRule(arch().u32("general.alignment", 64).tensorAt("t", 0, 32, 16, 4), "data offset 32", "alignment 64");
    }

    /** A minimal model with a tokenizer kind but no tokens yet. */
    private static GgufWriter vocab() {
        return GgufWriter.minimal().string("tokenizer.ggml.model", "llama");
    }

    /** A minimal model with four sound tokens. */
    private static GgufWriter tokens() {
        return vocab().strings("tokenizer.ggml.tokens", "a", "b", "c", "d");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private int ruleFiles;

    /** The file {@code writer} makes is rejected, the message naming the file and every expected part. */
    private void assertRule(GgufWriter writer, String... expected) throws IOException {
        Path file = writer.writeTo(dir.resolve("rule-" + ruleFiles++ + ".gguf"));
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> GgufReader.read(file));
        assertEquals(file, e.path());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void cachesByPathSizeAndTime() {
        Path stories = ModelFiles.stories();
        GgufHeader first = GgufReader.read(stories);
        assertTrue(first == GgufReader.read(stories), "a second read of an unchanged file comes from the cache");
        assertFalse(first.summary().isEmpty());
    }

    private static GgufWriter arch() {
        return new GgufWriter().string("general.architecture", "llama");
    }

    private Path patchU32(Path source, int offset, long value, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, (int) value);
        return Files.write(dir.resolve(name), bytes);
    }

    private Path patchU64(Path source, int offset, long value, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
        return Files.write(dir.resolve(name), bytes);
    }

    static void assertProblem(Path file, String expected) {
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> GgufReader.read(file));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertEquals(file, e.path());
    }
}
