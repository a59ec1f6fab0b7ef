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
