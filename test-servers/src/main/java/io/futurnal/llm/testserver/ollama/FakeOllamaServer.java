package io.futurnal.llm.testserver.ollama;

import io.futurnal.llm.testserver.FakeHttpServer;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.Responder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process Ollama that answers the native REST API the way {@code ollama serve} does: the
 * same paths, JSON fields, NDJSON framing, status codes and error texts (see
 * {@code shared/ollama-api.md}). Models are {@link ScriptedModel}s, so generation is
 * deterministic and instant (or paced with {@link #chunkDelay(Duration)}); every request is
 * recorded; and {@link #faults()} injects slow first bytes, errors and drops mid-stream, busy
 * answers, HTML error pages, partial lines and silence.
 *
 * <pre>{@code
 * try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "Hello", " world"))) {
 *     // point the client at ollama.hostAndPort() (OLLAMA_HOST) and run it
 *     ollama.faults().next("/api/generate", Fault.dropMidStream(1));
 *     assertEquals("llama3.1:8b", ollama.lastRequest("/api/generate").field("model").asText());
 * }
 * }</pre>
 *
 * <p>Timings in final chunks are fixed, not measured: a cold model reports a load of
 * {@link #LOAD_NANOS_COLD}, each prompt word {@link #PROMPT_EVAL_NANOS_PER_TOKEN} and each generated
 * piece {@link #EVAL_NANOS_PER_TOKEN} (100 tokens/s). The {@code /v1} OpenAI-compatible paths are not
 * served (they answer 404). {@code format}, {@code seed} and sampling options are recorded but do
 * not change the scripted answer; {@code num_predict} and {@code stop} do.
 */
public final class FakeOllamaServer extends FakeHttpServer {

    /** The load time a model reports on its first call (and after an unload): 3 ms. */
    public static final long LOAD_NANOS_COLD = 3_000_000L;
    /** The load time a model reports when it was already loaded: 0.1 ms. */
    public static final long LOAD_NANOS_WARM = 100_000L;
    /** Prompt evaluation time per prompt word: 1 ms. */
    public static final long PROMPT_EVAL_NANOS_PER_TOKEN = 1_000_000L;
    /** Generation time per piece: 10 ms, i.e. 100 tokens/s. */
    public static final long EVAL_NANOS_PER_TOKEN = 10_000_000L;
    /** What {@code total_duration} adds on top of load, prompt and generation. */
    public static final long OVERHEAD_NANOS = 500_000L;
    /** The version {@code /api/version} reports unless changed. */
    public static final String DEFAULT_VERSION = "0.12.6";
    /** Ollama's error text when its request queue is full. */
    public static final String BUSY_MESSAGE = "server busy, please try again.  maximum pending requests exceeded";
    /** The keep-alive a model gets when a request names none. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(5);

    private static final Instant EPOCH = Instant.parse("2025-06-01T12:00:00Z");

    private final Map<String, ScriptedModel> installed = new ConcurrentHashMap<>();
    private final Map<String, Instant> modifiedAt = new ConcurrentHashMap<>();
    private final Map<String, ScriptedModel> pullable = new ConcurrentHashMap<>();
    private final Map<String, Instant> loadedUntil = new ConcurrentHashMap<>();
    private final AtomicLong initialOrder = new AtomicLong();
    private volatile String version = DEFAULT_VERSION;

    /** An OLLAMA error route: a handler that may answer with an error status instead. */
    @FunctionalInterface
    interface OllamaRoute {
        void handle(RecordedRequest request, Responder out) throws IOException, OllamaError;
    }

    private FakeOllamaServer() {
        super("fake-ollama");
        new ModelRoutes(this).register();
        new GenerationRoutes(this).register();
        new EmbeddingRoutes(this).register();
    }

    /**
     * Starts a server on {@code 127.0.0.1} and an ephemeral port with these models installed; the
     * first one is the newest, so {@code /api/tags} lists them in this order.
     */
    public static FakeOllamaServer start(ScriptedModel... models) {
        FakeOllamaServer server = new FakeOllamaServer();
        for (ScriptedModel m : models) {
            server.install(m, EPOCH.minusSeconds(60 * server.initialOrder.getAndIncrement()));
        }
        server.start();
        return server;
    }

    /**
     * Runs a fake Ollama on its own, for trying the CLI or a benchmark by hand: prints
     * {@code OLLAMA_HOST=127.0.0.1:<port>} on stdout and serves until killed. Options:
     * {@code --model NAME}, {@code --answer TEXT}, {@code --tokens N}, {@code --echo},
     * {@code --pullable NAME}, {@code --embedding-dimensions N}, {@code --chunk-delay 50ms},
     * {@code --api-key KEY}, {@code --duration 10m}.
     */
    public static void main(String[] args) throws InterruptedException {
        System.exit(StandaloneOllama.run(args, System.out, System.err));
    }

    /** Installs a model now, as if it had just been pulled (so it is listed first). */
    public FakeOllamaServer addModel(ScriptedModel model) {
        install(model, Instant.now());
        return this;
    }

    /** Removes an installed model; false when it was not there. */
    public boolean removeModel(String name) {
        String key = OllamaNames.key(name);
        modifiedAt.remove(key);
        loadedUntil.remove(key);
        return installed.remove(key) != null;
    }

    /** Makes {@code model} available to {@code /api/pull}; it is installed when the pull succeeds. */
    public FakeOllamaServer addPullable(ScriptedModel model) {
        pullable.put(OllamaNames.key(model.name()), model);
        return this;
    }

    /** The installed models' names, as {@code /api/tags} lists them (most recently modified first). */
    public List<String> modelNames() {
        return installedNewestFirst().stream().map(ScriptedModel::name).toList();
    }

    /** The names of the models currently loaded (what {@code /api/ps} lists). */
    public List<String> loadedModels() {
        expireLoaded();
        return loadedUntil.keySet().stream().map(k -> installed.get(k)).filter(Objects::nonNull)
                .map(ScriptedModel::name).sorted().toList();
    }

    /** Sets what {@code /api/version} reports. */
    public void version(String newVersion) {
        this.version = Objects.requireNonNull(newVersion, "newVersion");
    }

    /** A 503 exactly as Ollama sends it when its queue is full. */
    public static Fault busy() {
        return Fault.jsonStatus(503, Wire.error(BUSY_MESSAGE));
    }

    /** A 503 busy answer with a {@code Retry-After} header, as a proxy in front of Ollama may add. */
    public static Fault busy(Duration retryAfter) {
        return new Fault.Status(503, "application/json; charset=utf-8", Wire.error(BUSY_MESSAGE),
                Map.of("Retry-After", Long.toString(retryAfter.toSeconds())));
    }

    /**
     * The unit-length vector {@code /api/embed} returns for {@code text} from a model with
     * {@code dimensions}-wide embeddings: the same text always gets the same vector.
     */
    public static float[] expectedEmbedding(String text, int dimensions) {
        return EmbeddingRoutes.vectorFor(text, dimensions);
    }

    @Override
    protected String errorJson(String message) {
        return Wire.error(message);
    }

    String version() {
        return version;
    }

    Optional<ScriptedModel> find(String name) {
        return Optional.ofNullable(installed.get(OllamaNames.key(name)));
    }

    Optional<ScriptedModel> findPullable(String name) {
        return Optional.ofNullable(pullable.get(OllamaNames.key(name)));
    }

    Instant modifiedAt(ScriptedModel m) {
        return modifiedAt.getOrDefault(OllamaNames.key(m.name()), EPOCH);
    }

    List<ScriptedModel> installedNewestFirst() {
        return installed.values().stream()
                .sorted(Comparator.comparing(this::modifiedAt).reversed().thenComparing(ScriptedModel::name))
                .toList();
    }

    /** Marks {@code m} loaded until {@code keepAlive} from now; returns whether it was cold. */
    boolean load(ScriptedModel m, Duration keepAlive) {
        expireLoaded();
        Duration d = keepAlive == null ? DEFAULT_KEEP_ALIVE : keepAlive;
        Instant previous = loadedUntil.put(OllamaNames.key(m.name()), Instant.now().plus(d));
        return previous == null;
    }

    void unload(ScriptedModel m) {
        loadedUntil.remove(OllamaNames.key(m.name()));
    }

    Map<ScriptedModel, Instant> loaded() {
        expireLoaded();
        Map<ScriptedModel, Instant> result = new java.util.LinkedHashMap<>();
        loadedUntil.entrySet().stream().sorted(Map.Entry.<String, Instant>comparingByValue().reversed())
                .forEach(e -> {
                    ScriptedModel m = installed.get(e.getKey());
                    if (m != null) {
                        result.put(m, e.getValue());
                    }
                });
        return result;
    }

    void installNow(ScriptedModel m) {
        install(m, Instant.now());
    }

    void ollamaRoute(String method, String path, OllamaRoute route) {
        route(method, path, (request, out) -> {
            try {
                route.handle(request, out);
            } catch (OllamaError e) {
                out.json(e.status, Wire.error(e.getMessage()));
            }
        });
    }

    private void install(ScriptedModel m, Instant when) {
        String key = OllamaNames.key(m.name());
        installed.put(key, m);
        modifiedAt.put(key, when);
    }

    private void expireLoaded() {
        Instant now = Instant.now();
        loadedUntil.entrySet().removeIf(e -> e.getValue().isBefore(now));
    }
}
