package io.futurnal.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import io.futurnal.llm.testserver.openai.FakeOpenAiServer;
import io.futurnal.llm.testserver.openai.ServedModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CLI's done-when checks for the HTTP backends, against the in-process servers on loopback. */
class CliAgainstFakeServersTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty("ollama.host");
        System.clearProperty("futurnal.openai.base.url");
        System.clearProperty("futurnal.production.llm");
        System.clearProperty("futurnal.ollama.pull");
    }

    @Test
    void ollamaIsAvailableAndChosenAndStreamsTheServersTokens() {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "Hello", ",", " world", "!"))) {
            System.setProperty("ollama.host", server.hostAndPort());
            System.setProperty("futurnal.production.llm", "meta-llama/Llama-3.1-8B-Instruct");

            CliRunner.Result backends = CliRunner.run("backends");
            assertEquals(0, backends.exitCode(), backends.err());
            String ollamaLine = backends.out().lines().filter(l -> l.contains("ollama")).findFirst().orElseThrow();
            assertTrue(ollamaLine.startsWith("->") && ollamaLine.contains("available"), backends.out());
            assertTrue(backends.out().contains("chosen: ollama"), backends.out());

            CliRunner.Result generate = CliRunner.run("generate", "--backend", "ollama", "Say hello");
            assertEquals(0, generate.exitCode(), generate.err());
            assertEquals("Hello, world!\n", generate.out());
            assertTrue(generate.err().contains("[ollama] model: llama3.1:8b"), generate.err());
            assertEquals("Say hello", server.lastRequest("/api/generate").json().get("prompt").asText());
        }
    }

    @Test
    void pullShowsProgressOnStderrAndTheResultOnStdout() {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "x"))) {
            server.addPullable(ScriptedModel.of("qwen2.5:0.5b", "y"));
            System.setProperty("ollama.host", server.hostAndPort());

            CliRunner.Result pull = CliRunner.run("pull", "qwen2.5-0.5b");
            assertEquals(0, pull.exitCode(), pull.err());
            assertTrue(pull.err().contains("pulling manifest"), pull.err());
            assertTrue(pull.err().contains("100%"), pull.err());
            assertTrue(pull.err().contains("success"), pull.err());
            assertEquals("pulled qwen2.5-0.5b\n", pull.out());
            assertTrue(server.modelNames().contains("qwen2.5:0.5b"), server.modelNames().toString());
        }
    }

    @Test
    void generateWithPullWhenMissingDrawsTheDownloadOnStderrAndPrintsOnlyTheAnswer() {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "x"))) {
            server.addPullable(ScriptedModel.of("qwen2.5:0.5b", "pulled", " answer"));
            System.setProperty("ollama.host", server.hostAndPort());
            System.setProperty("futurnal.ollama.pull", "when_missing");

            CliRunner.Result r = CliRunner.run("generate", "--backend", "ollama", "--model", "qwen2.5:0.5b", "hi");
            assertEquals(0, r.exitCode(), r.err());
            assertEquals("pulled answer\n", r.out());
            assertTrue(r.err().contains("ollama is downloading qwen2.5:0.5b"), r.err());
            assertTrue(r.err().contains("100%"), r.err());
            assertEquals(1, server.requests("/api/pull").size());
        }
    }

    @Test
    void pullingAnUnknownModelIsModelNotFound() {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "x"))) {
            System.setProperty("ollama.host", server.hostAndPort());
            CliRunner.Result pull = CliRunner.run("pull", "no-such-model:1b");
            assertEquals(4, pull.exitCode(), pull.err());
        }
    }

    @Test
    void openAiIsAvailableWhenItsBaseUrlIsSetAndGenerateStreamsFromIt() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("stories", "Once", " upon", " a", " time"))) {
            System.setProperty("futurnal.openai.base.url", server.openAiBaseUrl().toString());

            CliRunner.Result backends = CliRunner.run("backends");
            assertEquals(0, backends.exitCode(), backends.err());
            String line = backends.out().lines().filter(l -> l.contains("openai")).findFirst().orElseThrow();
            assertTrue(line.contains("available") && !line.contains("unavailable"), backends.out());

            CliRunner.Result generate = CliRunner.run("generate", "--backend", "openai", "hi");
            assertEquals(0, generate.exitCode(), generate.err());
            assertEquals("Once upon a time\n", generate.out());
        }
    }
}
