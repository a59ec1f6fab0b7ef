package io.futurnal.llm.benchjmh;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.testserver.FakeHttpServer;
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
 * What the HTTP client benchmarks share: a fake server on loopback (no delay between chunks) with
 * a short-answer model and a {@value #CHUNKS}-token streaming model, a backend client on each, and
 * a bare HttpClient 5 sending the very bodies the client sent. JMH runs the benchmark methods below
 * once per concrete subclass, under the subclass's name.
 *
 * <ul>
 *   <li>{@code clientGenerate} / {@code bareGenerate}: one non-streamed call, sampled microseconds
 *       per call; the difference of the medians (p0.50) is the client's overhead per request.</li>
 *   <li>{@code clientStream} / {@code bareStream}: a streamed answer of {@value #CHUNKS} chunks,
 *       sampled microseconds per chunk; chunks per second is 1e6 / p0.50.</li>
 * </ul>
 *
 * @param <S> the fake server
 */
@State(Scope.Benchmark)
public abstract class ClientBenchmarkBase<S extends FakeHttpServer> {
    static final int CHUNKS = 1000;
    static final String PROMPT = "Once upon a time";

    private final String model;
    private final String streamingModel;
    private final String linePrefix;
    private S server;
    private LlmClient client;
    private LlmClient streamingClient;
    private BareHttp bare;
    private URI generate;
    private String generateBody;
    private String streamBody;
    private final GenerationOptions options = GenerationOptions.deterministic().toBuilder().maxTokens(16).build();

    /**
     * @param model          the model with the short answer
     * @param streamingModel the model answering {@value #CHUNKS} tokens
     * @param linePrefix     how each chunk's line starts in the stream, for the bare count ("{" or "data:")
     */
    protected ClientBenchmarkBase(String model, String streamingModel, String linePrefix) {
        this.model = model;
        this.streamingModel = streamingModel;
        this.linePrefix = linePrefix;
    }

    /** Starts the server: {@code model} answers "Hello there, world!", {@code streamingModel} {@value #CHUNKS} tokens. */
    protected abstract S start(String model, String streamingModel);

    /** A backend client for {@code model} on {@code server}. */
    protected abstract LlmClient connect(S server, String model);

    /** The endpoint both clients' generate calls go to. */
    protected abstract URI generateEndpoint(S server);

    /** Starts the server and both clients, and captures the bodies the client sends. */
    @Setup
    public void setUp() {
        server = start(model, streamingModel);
        client = connect(server, model);
        streamingClient = connect(server, streamingModel);
        generate = generateEndpoint(server);
        client.generate(PROMPT, options);
        generateBody = server.lastRequest(generate.getPath()).bodyText();
        try (TokenStream s = streamingClient.generateStream(PROMPT, GenerationOptions.deterministic())) {
            s.result();
        }
        streamBody = server.lastRequest(generate.getPath()).bodyText();
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

    /** One non-streamed generate call through the backend client. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public GenerationResult clientGenerate() {
        return client.generate(PROMPT, options);
    }

    /** The same request sent with the bare HTTP client, as the baseline. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String bareGenerate() {
        return bare.post(generate, generateBody);
    }

    /** A streamed answer read piece by piece through the backend client; returns the piece count. */
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

    /** The same streamed request read with the bare HTTP client, counting chunk lines. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CHUNKS)
    public int bareStream() {
        return bare.postAndCountLines(generate, streamBody, linePrefix);
    }
}
