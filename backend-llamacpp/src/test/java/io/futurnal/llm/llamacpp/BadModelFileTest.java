package io.futurnal.llm.llamacpp;

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
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every broken model file gives an {@link InvalidModelFileException} through the provider, the JVM
 * survives, and a good model still runs afterwards.
 */
class BadModelFileTest {

    private static final GenerationOptions GREEDY = GenerationOptions.builder().temperature(0.0).maxTokens(5).build();

    @TempDir
    Path dir;

    @Test
    void brokenFilesAreRejectedBeforeTheNativeLoaderSeesThem() throws IOException {
        byte[] stories = Files.readAllBytes(ModelFiles.stories());
        long dataStart = GgufReader.read(ModelFiles.stories()).tensorDataOffset();
        long loadsBefore = LlamaCppRuntime.nativeLoadCount();
        assertRejected(dir.resolve("missing.gguf"), "does not exist");
        assertRejected(Files.write(dir.resolve("empty.gguf"), new byte[0]), "empty");
        assertRejected(Files.writeString(dir.resolve("text.gguf"), "Once upon a time, this was text.", StandardCharsets.UTF_8),
                "text file");
        assertRejected(Files.write(dir.resolve("truncated.gguf"), Arrays.copyOf(stories, stories.length - 4096)), "truncated");
        assertRejected(Files.write(dir.resolve("header-only.gguf"), Arrays.copyOf(stories, (int) dataStart)), "no tensor data");
        byte[] wrongMagic = stories.clone();
        wrongMagic[0] = 'X';
        assertRejected(Files.write(dir.resolve("magic.gguf"), wrongMagic), "not a GGUF file");
        assertEquals(loadsBefore, LlamaCppRuntime.nativeLoadCount(), "llama.cpp never saw a broken file");
        stillWorks();
    }

    @Test
    void metadataLlamaCppWouldTrustIsCheckedBeforeItSeesTheFile() throws IOException {
        byte[] stories = Files.readAllBytes(ModelFiles.stories());
        long loadsBefore = LlamaCppRuntime.nativeLoadCount();
        byte[] badBos = stories.clone();
        ByteBuffer.wrap(badBos).order(ByteOrder.LITTLE_ENDIAN).putInt(valueAt(badBos, "tokenizer.ggml.bos_token_id"), 512);
        InvalidModelFileException e = assertRejected(Files.write(dir.resolve("bos.gguf"), badBos), "tokenizer.ggml.bos_token_id is 512");
        assertTrue(e.getMessage().contains("outside the vocabulary of 512 tokens"), e.getMessage());
        byte[] noLayers = stories.clone();
        ByteBuffer.wrap(noLayers).order(ByteOrder.LITTLE_ENDIAN).putInt(valueAt(noLayers, "llama.block_count"), 0);
        assertRejected(Files.write(dir.resolve("layers.gguf"), noLayers), "llama.block_count is 0");
        assertEquals(loadsBefore, LlamaCppRuntime.nativeLoadCount(), "llama.cpp never saw the bad metadata");
        stillWorks();
    }

    /** Where the (u32) value of metadata {@code key} starts: after the key's text and its 4-byte type tag. */
    private static int valueAt(byte[] file, String key) {
        byte[] text = key.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(file, text) + text.length;
        assertEquals(4, ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(at), key + " is a u32");
        return at + 4;
    }

    @Test
    void aSoundHeaderThatLlamaCppCannotLoadIsATypedErrorToo() throws IOException {
        byte[] bytes = Files.readAllBytes(ModelFiles.stories());
        byte[] key = "general.architecture".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, key) + key.length + 4 + 8;
        assertEquals("llama", new String(bytes, at, 5, StandardCharsets.US_ASCII));
        bytes[at + 4] = 'x';
        Path unknown = Files.write(dir.resolve("llamx.gguf"), bytes);
        InvalidModelFileException e = assertRejected(unknown, "could not load");
        assertTrue(e.getMessage().contains("'llamx'"), e.getMessage());
        stillWorks();
    }

    private static InvalidModelFileException assertRejected(Path file, String expected) {
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class,
                () -> TestModels.open(TestModels.config().set(LlamaCppSettings.MODEL.name(), file.toString()).build()));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        return e;
    }

    private static void stillWorks() {
        try (LlamaCppClient client = TestModels.openStories()) {
            assertEquals(", there was a little", client.generate("Once upon a time", GREEDY).text());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }
}
