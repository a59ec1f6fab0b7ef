package io.futurnal.llm.benchjmh;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Ollama client against {@link FakeOllamaServer} on loopback (no delay between chunks), next
 * to a bare HttpClient 5 sending the very body the client sent.
 *
 * <ul>
 *   <li>{@code clientGenerate} / {@code bareGenerate}: one non-streamed {@code /api/generate}
 *       call ({@code "stream": false}), sampled microseconds per call; the difference of the
 *       medians (p0.50) is the client's overhead per request.</li>
 *   <li>{@code clientStream} / {@code bareStream}: a streamed answer of {@value #CHUNKS} NDJSON
 *       lines, sampled microseconds per chunk; chunks per second is 1e6 / p0.50.</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class OllamaClientBenchmark {
    static final int CHUNKS = 1000;
    private static final String PROMPT = "Once upon a time";

    private FakeOllamaServer server;
    private LlmClient client;
    private LlmClient streamingClient;
    private BareHttp bare;
    private URI generate;
    private String generateBody;
    private String streamBody;
    private final GenerationOptions options = GenerationOptions.deterministic().toBuilder().maxTokens(16).build();

    /** Starts the server and both clients, and captures the bodies the client sends. */
    @Setup
    public void setUp() {
        server = FakeOllamaServer.start(ScriptedModel.of("bench:latest", "Hello", " there", ", world", "!"),
                ScriptedModel.counting("bench-stream:latest", CHUNKS));
        client = connect("bench:latest");
        streamingClient = connect("bench-stream:latest");
        generate = URI.create(server.baseUri() + "/api/generate");
        client.generate(PROMPT, options);
        generateBody = server.lastRequest("/api/generate").bodyText();
        try (TokenStream s = streamingClient.generateStream(PROMPT, GenerationOptions.deterministic())) {
            s.result();
        }
        streamBody = server.lastRequest("/api/generate").bodyText();
        server.recordRequests(false);
        bare = new BareHttp();
    }

    /** Stops everything. */
    @TearDown
    public void tearDown() throws IOException {
        client.close();
        streamingClient.close();
        bare.close();
        server.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public GenerationResult clientGenerate() {
        return client.generate(PROMPT, options);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String bareGenerate() {
        return bare.post(generate, generateBody);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CHUNKS)
    public int clientStream() {
        int pieces = 0;
        try (TokenStream s = streamingClient.generateStream(PROMPT, GenerationOptions.deterministic())) {
            while (s.hasNext()) {
                s.next();
                pieces++;
            }
        }
        return pieces;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CHUNKS)
    public int bareStream() {
        return bare.postAndCountLines(generate, streamBody, "{");
    }

    private LlmClient connect(String model) {
        return LlmClients.create(LlmConfig.builder().backend("ollama").model(model)
                .set("ollama.host", server.hostAndPort())
                .build());
    }
}
