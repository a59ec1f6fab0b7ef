package io.futurnal.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CliCommandsTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty("ollama.host");
        System.clearProperty("futurnal.llm.backend");
    }

    @Test
    void backendsListsEveryProviderOnTheClasspathWithAReason() {
        CliRunner.Result r = CliRunner.run("backends");
        assertEquals(0, r.exitCode(), r.err());
        for (String id : List.of("ollama", "llamacpp", "hf", "vllm")) {
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(id + " ") || l.contains(" " + id + " ")), r.out());
        }
        assertTrue(r.out().contains("chosen:"), r.out());
    }

    @Test
    void backendsReturnsPromptlyWhenTheOllamaPortBlackholes() throws IOException {
        // a listening socket with a backlog that is never accepted: connects may succeed, nothing ever answers
        try (ServerSocket blackhole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.setProperty("ollama.host", "127.0.0.1:" + blackhole.getLocalPort());
            long start = System.nanoTime();
            CliRunner.Result r = CliRunner.run("backends");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(millis < 1500, "backends took " + millis + " ms");
            String ollamaLine = r.out().lines().filter(l -> l.contains("ollama")).findFirst().orElseThrow();
            assertFalse(ollamaLine.contains(" available "), ollamaLine);
        }
    }

    @Test
    void backendsAsJson() {
        CliRunner.Result r = CliRunner.run("backends", "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("{\"requested\":\"auto\""), r.out());
        assertTrue(r.out().contains("\"id\":\"vllm\""), r.out());
    }

    @Test
    void theVllmPlaceholderExplainsWhatToDoAndFails() {
        CliRunner.Result r = CliRunner.run("generate", "--backend", "vllm", "hi");
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("futurnal-llm-backend-openai"), r.err());
        assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
    }

    @Test
    void anUnknownBackendListsTheValidChoices() {
        CliRunner.Result r = CliRunner.run("generate", "--backend", "nope", "hi");
        assertEquals(5, r.exitCode());
        assertTrue(r.err().startsWith("futurnal-llm: error: "), r.err());
        assertTrue(r.err().contains("Valid choices: auto, ollama"), r.err());
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRunner.Result r = CliRunner.run("generate", "--verbose", "--backend", "nope", "hi");
        assertEquals(5, r.exitCode());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void badOptionValuesAreRejectedWithTheRule() {
        CliRunner.Result r = CliRunner.run("generate", "--temperature", "-1", "--backend", "vllm", "hi");
        assertEquals(5, r.exitCode());
        assertTrue(r.err().contains("temperature must be 0 or more"), r.err());
    }

    @Test
    void modelsShowsTheSeedMappings() {
        CliRunner.Result r = CliRunner.run("models");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("meta-llama/Llama-3.1-8B-Instruct") && l.contains("llama3.1:8b")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("speakleash/Bielik-4.5B-v3.0-Instruct") && l.contains("bielik:4.5b")), r.out());
        CliRunner.Result json = CliRunner.run("models", "--json");
        assertTrue(json.out().contains("\"ollama\":\"qwen2.5-coder:32b\""), json.out());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, CliRunner.run("generate").exitCode());
        assertEquals(2, CliRunner.run("no-such-command").exitCode());
    }

    @Test
    void pullIntoABackendWithoutModelManagementIsATypedError() {
        CliRunner.Result r = CliRunner.run("pull", "--backend", "vllm", "llama3.1");
        assertEquals(3, r.exitCode(), r.err());
    }
}
