package io.futurnal.llm.ollama;

import io.futurnal.llm.Capability;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.LlmClientContract;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/** The contract suite against the fake Ollama, with a model that lists completion, tools, thinking and embedding. */
class OllamaContractTest extends LlmClientContract {

    private FakeOllamaServer server;

    @Override
    protected LlmClient createClient() {
        ScriptedModel model = ScriptedModel.of("qwen3:4b", "{\"answer\":", " \"the", " sky", " is", " blue", " and", " the",
                        " sea", " is", " green\"}")
                .withCapabilities("completion", "tools", "embedding")
                .withThinking("The", " user", " wants", " a", " story")
                .withToolCall("get_weather", "{\"city\":\"Paris\"}");
        server = FakeOllamaServer.start(model);
        server.chunkDelay(Duration.ofMillis(2)); // so that the 1 ms timeout check cannot be outrun
        return TestConfigs.client(server, "qwen3:4b");
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return capabilities(Capability.CHAT, Capability.JSON_FORMAT, Capability.JSON_SCHEMA, Capability.MODEL_MANAGEMENT,
                Capability.TOOLS, Capability.REASONING, Capability.EMBEDDINGS);
    }

    /** Ollama has no tool_choice: required and named choices are refused. */
    @Override
    protected boolean supportsForcedToolChoice() {
        return false;
    }

    @AfterAll
    void stopServer() {
        server.close();
    }
}
