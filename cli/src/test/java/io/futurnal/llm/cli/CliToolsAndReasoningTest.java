package io.futurnal.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import io.futurnal.llm.testserver.openai.FakeOpenAiServer;
import io.futurnal.llm.testserver.openai.ServedModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** chat --tools, --messages and --think through the CLI against both fake HTTP servers. */
class CliToolsAndReasoningTest {

    private static final String TOOLS = """
            [{"type":"function","function":{"name":"get_weather","description":"Current weather in a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]
            """;

    @TempDir
    Path dir;
    private Path tools;

    @BeforeEach
    void writeTools() throws IOException {
        tools = Files.writeString(dir.resolve("tools.json"), TOOLS);
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty("ollama.host");
        System.clearProperty("futurnal.openai.base.url");
    }

    @Test
    void ollamaToolCallRoundTripAndReasoning() throws IOException {
        try (FakeOllamaServer server = FakeOllamaServer.start(ScriptedModel.of("qwen3:4b", "It", " is", " sunny")
                .withThinking("Let", " me", " think").withToolCall("get_weather", "{\"city\":\"Paris\"}"))) {
            System.setProperty("ollama.host", server.hostAndPort());
            checkToolsAndReasoning("ollama", () -> assertEquals("get_weather",
                    server.lastRequest("/api/chat").json().get("messages").get(2).get("tool_name").asText()));
        }
    }

    @Test
    void openAiToolCallRoundTripAndReasoning() throws IOException {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("Qwen/Qwen3-8B", "It", " is", " sunny")
                .withReasoning("Let", " me", " think").withToolCall("get_weather", "{\"city\":\"Paris\"}"))) {
            System.setProperty("futurnal.openai.base.url", server.openAiBaseUrl().toString());
            checkToolsAndReasoning("openai", () -> assertTrue(
                    server.lastRequest("/v1/chat/completions").json().get("messages").get(2).has("tool_call_id")));
        }
    }

    /** {@code sentRoundTrip} checks the server's record of the tool-result request. */
    private void checkToolsAndReasoning(String backend, Runnable sentRoundTrip) throws IOException {
        CliRunner.Result call = CliRunner.run("chat", "--backend", backend, "--think", "off", "--tools", tools.toString(),
                "Weather in Paris?");
        assertEquals(0, call.exitCode(), call.err());
        List<String> lines = call.out().lines().toList();
        assertEquals(1, lines.size(), call.out());
        String line = lines.get(0);
        assertTrue(line.matches("\\{\"id\":\"[^\"]+\",\"name\":\"get_weather\",\"arguments\":\\{\"city\":\"Paris\"}}"), line);
        String id = line.substring(7, line.indexOf('"', 7));

        Path conversation = Files.writeString(dir.resolve(backend + ".jsonl"), String.join("\n",
                "{\"role\":\"user\",\"content\":\"Weather in Paris?\"}",
                "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"" + id
                        + "\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}",
                "{\"role\":\"tool\",\"tool_call_id\":\"" + id + "\",\"name\":\"get_weather\",\"content\":\"18 C\"}"));
        CliRunner.Result answer = CliRunner.run("chat", "--backend", backend, "--think", "off", "--tools", tools.toString(),
                "--messages", conversation.toString());
        assertEquals(0, answer.exitCode(), answer.err());
        assertEquals("Tool get_weather said: 18 C\n", answer.out());
        sentRoundTrip.run();

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(conversation)));
            CliRunner.Result fromStdin = CliRunner.run("chat", "--backend", backend, "--think", "off", "--tools", tools.toString(),
                    "--messages", "-");
            assertEquals("Tool get_weather said: 18 C\n", fromStdin.out(), fromStdin.err());
        } finally {
            System.setIn(stdin);
        }

        CliRunner.Result thinking = CliRunner.run("chat", "--backend", backend, "--think", "high", "Weather?");
        assertEquals(0, thinking.exitCode(), thinking.err());
        assertEquals("It is sunny\n", thinking.out());
        assertTrue(thinking.err().contains("[thinking]\nLet me think\n[/thinking]"), thinking.err());
        assertFalse(thinking.out().contains("think"), thinking.out());

        CliRunner.Result badTools = CliRunner.run("chat", "--backend", backend, "--tools",
                Files.writeString(dir.resolve("bad.json"), "{\"name\":\"x\"}", StandardCharsets.UTF_8).toString(), "hi");
        assertEquals(5, badTools.exitCode(), badTools.err()); // ErrorHandler.INVALID
        assertTrue(badTools.err().contains("JSON array of tools"), badTools.err());
    }
}
