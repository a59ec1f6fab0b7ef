package io.futurnal.llm.ollama;

import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import java.time.Duration;
import java.util.Map;

/** Configurations isolated from the machine's environment and system properties. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** An empty environment plus these settings. */
    static LlmConfig.Builder isolated() {
        return LlmConfig.builder().environment(Map.of()).systemProperties(Map.of());
    }

    /** A configuration pointing at {@code server} with {@code model} (null for none) and fast retries. */
    static LlmConfig.Builder forServer(FakeOllamaServer server, String model) {
        LlmConfig.Builder b = isolated().set(OllamaSettings.HOST, server.hostAndPort())
                .set("futurnal.llm.http.retry.backoff", "10ms");
        if (model != null) {
            b.model(model);
        }
        return b;
    }

    static OllamaClient client(FakeOllamaServer server, String model) {
        return new OllamaClient(forServer(server, model).build());
    }

    static OllamaClient client(FakeOllamaServer server, String model, Duration readTimeout) {
        return new OllamaClient(forServer(server, model).set(io.futurnal.llm.http.HttpSettings.READ_TIMEOUT, readTimeout.toString()).build());
    }
}
