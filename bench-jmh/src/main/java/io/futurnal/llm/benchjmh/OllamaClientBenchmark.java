package io.futurnal.llm.benchjmh;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.net.URI;

/**
 * The Ollama client against {@link FakeOllamaServer}, next to a bare HttpClient 5 (see
 * {@link ClientBenchmarkBase} for the four benchmarks): {@code /api/generate}, non-streamed with
 * {@code "stream": false}, and streamed as {@value ClientBenchmarkBase#CHUNKS} NDJSON lines.
 */
public class OllamaClientBenchmark extends ClientBenchmarkBase<FakeOllamaServer> {

    /** The models {@code bench:latest} and {@code bench-stream:latest}; NDJSON lines start with "{". */
    public OllamaClientBenchmark() {
        super("bench:latest", "bench-stream:latest", "{");
    }

    @Override
    protected FakeOllamaServer start(String model, String streamingModel) {
        return FakeOllamaServer.start(ScriptedModel.of(model, "Hello", " there", ", world", "!"),
                ScriptedModel.counting(streamingModel, CHUNKS));
    }

    @Override
    protected LlmClient connect(FakeOllamaServer server, String model) {
        return LlmClients.create(LlmConfig.builder().backend("ollama").model(model)
                .set("ollama.host", server.hostAndPort())
                .build());
    }

    @Override
    protected URI generateEndpoint(FakeOllamaServer server) {
        return URI.create(server.baseUri() + "/api/generate");
    }
}
