package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendSelector;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelManagement;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With call-time fallback on and Ollama chosen, the wrapper still hands out Ollama's model management. */
class OllamaFallbackUnwrapTest {

    /** A second available backend, so that the fallback wrapper is really there. */
    static final class Spare implements LlmBackendProvider {
        @Override
        public String id() {
            return "spare";
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public ProbeResult probe(LlmConfig config) {
            return ProbeResult.available("always");
        }

        @Override
        public LlmClient create(LlmConfig config) {
            throw new AssertionError("the spare is created only when Ollama cannot be reached");
        }
    }

    @Test
    void unwrapModelManagementIsPresentWithFallbackOn() {
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "hi"))) {
            LlmConfig config = TestConfigs.forServer(ollama, "llama3.1:8b").set("futurnal.llm.fallback", "true").build();
            BackendSelector selector = BackendSelector.of(List.of(new OllamaProvider(), new Spare()));
            try (LlmClient client = LlmClients.create(config, selector)) {
                assertEquals(OllamaProvider.ID, client.info().backend());
                assertTrue(client.getClass() != OllamaClient.class, "the client is the fallback wrapper");
                ModelManagement models = client.unwrap(ModelManagement.class).orElseThrow();
                assertTrue(models.listModels().stream().anyMatch(m -> m.name().equals("llama3.1:8b")), models.listModels().toString());
            }
        }
    }
}
