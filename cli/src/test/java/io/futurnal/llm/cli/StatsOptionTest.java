package io.futurnal.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.testserver.ollama.ScriptedModel;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatsOptionTest {

    @AfterEach
    void clear() {
        System.clearProperty("ollama.host");
    }

    @Test
    void statsComeFromTheListenerAfterTheTextOnStderr() {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "Hello", ",", " world", "!"))) {
            System.setProperty("ollama.host", server.hostAndPort());
            CliRunner.Result plain = CliRunner.run("generate", "--backend", "ollama", "-m", "llama3.1:8b", "Say hello");
            assertFalse(plain.err().contains("tokens/s"), plain.err());

            CliRunner.Result result = CliRunner.run("generate", "--backend", "ollama", "-m", "llama3.1:8b", "--stats", "Say hello");
            assertEquals(0, result.exitCode(), result.err());
            assertEquals("Hello, world!\n", result.out());
            String stats = result.err().lines().filter(l -> l.contains("tokens/s")).findFirst().orElseThrow(() -> new AssertionError(result.err()));
            assertTrue(stats.startsWith("[ollama] stop: "), stats);
            assertTrue(stats.contains(" 4 generated"), stats);
            assertFalse(result.err().contains("native:"), "a server backend has no native build to report: " + result.err());
        }
    }

    @Test
    void llamacppStatsNameTheNativeBuildAndTheCpuFeatures() {
        CliRunner.Result result = CliRunner.run("generate", "--backend", "llamacpp", "--max-tokens", "4", "--stats", "Once upon a time");
        assertEquals(0, result.exitCode(), result.err());
        String line = result.err().lines().filter(l -> l.startsWith("[llamacpp] native: ")).findFirst()
                .orElseThrow(() -> new AssertionError(result.err()));
        assertTrue(line.contains("de.kherud 4.2.0") && line.contains("; CPU: "), line);
    }

    @Test
    void backendsShowsTheNativeBuildInTheLlamacppReason() {
        CliRunner.Result result = CliRunner.run("backends", "--backend", "llamacpp");
        assertEquals(0, result.exitCode(), result.err());
        String row = result.out().lines().filter(l -> l.contains(" llamacpp ")).findFirst()
                .orElseThrow(() -> new AssertionError(result.out()));
        assertTrue(row.contains("native: ") && row.contains("; CPU: "), row);
    }
}
