package io.futurnal.llm.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledModelTest {

    @Test
    void extractsTheGgufWithItsPublishedChecksum(@TempDir Path cache) throws Exception {
        Path gguf = BundledModel.STORIES_260K_GGUF.extractTo(cache);
        assertEquals("stories260K.gguf", gguf.getFileName().toString());
        assertEquals(1_185_376, Files.size(gguf));
        assertEquals("270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d", sha256(gguf));
    }

    @Test
    void extractsTheHfDirectoryWithEveryFile(@TempDir Path cache) throws Exception {
        Path dir = BundledModel.STORIES_260K_HF.extractTo(cache);
        assertTrue(Files.isDirectory(dir));
        for (String file : BundledModel.STORIES_260K_HF.files()) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        assertEquals("8086b49673a06f3133188dac99396c6e088c9fe7d3901b991e90c45fb26e548f", sha256(dir.resolve("model.safetensors")));
    }

    @Test
    void secondExtractionReusesTheFileAndRepairsATruncatedOne(@TempDir Path cache) throws Exception {
        Path gguf = BundledModel.STORIES_260K_GGUF.extractTo(cache);
        byte[] original = Files.readAllBytes(gguf);
        Files.write(gguf, new byte[] {1, 2, 3});
        Path again = BundledModel.STORIES_260K_GGUF.extractTo(cache);
        assertEquals(gguf, again);
        assertArrayEquals(original, Files.readAllBytes(again));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
