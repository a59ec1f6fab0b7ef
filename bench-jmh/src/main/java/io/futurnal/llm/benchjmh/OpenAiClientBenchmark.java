package io.futurnal.llm.benchjmh;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.testserver.openai.FakeOpenAiServer;
import io.futurnal.llm.testserver.openai.ServedModel;
import java.net.URI;

/**
 * The OpenAI-compatible client against {@link FakeOpenAiServer}, next to a bare HttpClient 5 (see
 * {@link ClientBenchmarkBase} for the four benchmarks): {@code /v1/completions}, non-streamed and
 * streamed as {@value ClientBenchmarkBase#CHUNKS} SSE events.
 */
public class OpenAiClientBenchmark extends ClientBenchmarkBase<FakeOpenAiServer> {

    /** The models {@code bench-model} and {@code bench-stream}; SSE events start with "data:". */
    public OpenAiClientBenchmark() {
        super("bench-model", "bench-stream", "data:");
    }

    @Override
    protected FakeOpenAiServer start(String model, String streamingModel) {
        return FakeOpenAiServer.start(ServedModel.of(model, "Hello", " there", ", world", "!"),
                ServedModel.counting(streamingModel, CHUNKS));
    }

    @Override
    protected LlmClient connect(FakeOpenAiServer server, String model) {
        return LlmClients.create(LlmConfig.builder().backend("openai").model(model)
                .set("futurnal.openai.base.url", server.openAiBaseUrl().toString())
                .set("futurnal.openai.api.key", null)
                .build());
    }

    @Override
    protected URI generateEndpoint(FakeOpenAiServer server) {
        return URI.create(server.openAiBaseUrl() + "/completions");
    }
}
