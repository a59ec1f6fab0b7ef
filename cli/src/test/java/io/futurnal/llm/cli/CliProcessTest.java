package io.futurnal.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the CLI as a separate process, as a user does: with nothing configured it must use the
 * bundled model, print only the story on stdout, and exit by itself although llama.cpp leaves a
 * non-daemon native thread behind.
 */
class CliProcessTest {

    @Test
    void generateOnTheOfflineDefaultPrintsAStoryAndExitsByItself(@TempDir Path cache) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dfuturnal.llm.cache.dir=" + cache,
                "-Dollama.host=127.0.0.1:1",
                Main.class.getName(), "generate", "--max-tokens", "24", "--temperature", "0", "Once upon a time"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("FUTURNAL_") || k.startsWith("OLLAMA_") || k.startsWith("OPENAI_"));
        Path out = cache.resolve("stdout.txt");
        Path err = cache.resolve("stderr.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());

        Process process = builder.start();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String stdout = read(out);
        String stderr = read(err);
        assertTrue(exited, "the CLI did not exit within 90 s; stderr:\n" + stderr);
        assertEquals(0, process.exitValue(), stderr);
        assertTrue(stdout.startsWith(", there was a little girl named Lily"), "stdout: " + stdout);
        assertEquals(1, stdout.lines().count(), "stdout holds only the story: " + stdout);
        assertTrue(stderr.contains("[llamacpp] model: stories260k"), stderr);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
