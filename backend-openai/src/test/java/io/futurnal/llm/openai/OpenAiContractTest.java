package io.futurnal.llm.openai;

import io.futurnal.llm.Capability;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.testing.LlmClientContract;
import io.futurnal.llm.testserver.openai.FakeOpenAiServer;
import io.futurnal.llm.testserver.openai.ServedModel;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/** The contract suite against the fake vLLM, with a model that reasons, calls tools and embeds. */
class OpenAiContractTest extends LlmClientContract {

    private FakeOpenAiServer server;

    @Override
    protected LlmClient createClient() {
        ServedModel model = ServedModel.of("Qwen/Qwen3-8B", "{\"answer\":", " \"the", " sky", " is", " blue", " and", " the",
                        " sea", " is", " green\"}")
                .withReasoning("The", " user", " wants", " a", " story")
                .withToolCall("get_weather", "{\"city\":\"Paris\"}")
                .withEmbeddings(16);
        server = FakeOpenAiServer.start(model);
        server.chunkDelay(Duration.ofMillis(2)); // so that the 1 ms timeout check cannot be outrun
        return TestConfigs.client(server, LlmConfig.MODEL, "Qwen/Qwen3-8B");
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return capabilities(Capability.CHAT, Capability.EMBEDDINGS, Capability.JSON_FORMAT, Capability.JSON_SCHEMA,
                Capability.IMAGES, Capability.TOOLS, Capability.REASONING);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }
}
