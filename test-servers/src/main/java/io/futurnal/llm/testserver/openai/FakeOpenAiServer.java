package io.futurnal.llm.testserver.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.testserver.FakeHttpServer;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.Responder;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process OpenAI-compatible server that answers as vLLM's {@code vllm serve} does: the
 * {@code /v1/models}, {@code /v1/chat/completions}, {@code /v1/completions} and
 * {@code /v1/embeddings} paths, vLLM's JSON shapes and error bodies
 * ({@code {"error":{"message","type","param","code"}}}), server-sent events ending with
 * {@code data: [DONE]}, and the usage chunk of {@code stream_options.include_usage}. Models are
 * {@link ServedModel}s, so answers are deterministic; every request is recorded; and
 * {@link #faults()} injects the same faults as for the other fake servers (slow first byte, error
 * or drop mid-stream, truncation, a partial last line, silence, canned statuses).
 *
 * <pre>{@code
 * try (FakeOpenAiServer vllm = FakeOpenAiServer.start(ServedModel.of("Qwen/Qwen2.5-0.5B-Instruct", "Hello", " world"))) {
 *     // point the client at vllm.openAiBaseUrl() (FUTURNAL_OPENAI_BASE_URL) and run it
 *     vllm.faults().next("/v1/chat/completions", Fault.dropMidStream(2));
 *     assertEquals("Qwen/Qwen2.5-0.5B-Instruct", vllm.lastRequest("/v1/chat/completions").field("model").asText());
 * }
 * }</pre>
 *
 * <p>A request without {@code model} is served by the first model, as vLLM does. With
 * {@link #requireBearerToken(String)} set, a request without the right key gets vLLM's 401
 * {@code {"error":"Unauthorized"}}. An error injected mid-stream arrives as vLLM sends it: a
 * {@code data: {"error":{…}}} event followed by {@code data: [DONE]}. Sampling fields are checked
 * and recorded; only {@code max_completion_tokens} (or else {@code max_tokens}), {@code stop}, the
 * tool fields and {@code chat_template_kwargs.enable_thinking} change the scripted answer. Paths this
 * server does not know answer a plain-text 404.
 *
 * <p>Run {@link #main(String[])} to serve from a shell (see {@link StandaloneServer}).
 */
public final class FakeOpenAiServer extends FakeHttpServer {

    /** The event that ends every stream. */
    static final String DONE_EVENT = "data: [DONE]\n";

    private final List<ServedModel> models = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(0x5eed);

    /** A route that may answer with an OpenAI error instead. */
    @FunctionalInterface
    interface OpenAiRoute {
        void handle(RecordedRequest request, Responder out) throws IOException, OpenAiFailure;
    }

    private FakeOpenAiServer() {
        super("fake-openai");
        new ModelAndEmbeddingRoutes(this).register();
        new CompletionRoutes(this).register();
    }

    /** Starts a server on {@code 127.0.0.1} and an ephemeral port serving these models, in this order. */
    public static FakeOpenAiServer start(ServedModel... served) {
        FakeOpenAiServer server = new FakeOpenAiServer();
        server.models.addAll(List.of(served));
        server.start();
        return server;
    }

    /**
     * Serves from a shell until killed or for a given time, printing its base URL on stdout.
     * Arguments: {@code [--model ID]... [--answer TEXT] [--echo] [--embedding-dimensions N]
     * [--chunk-delay 50ms] [--api-key KEY] [--duration 10m]}.
     */
    public static void main(String[] args) throws InterruptedException {
        System.exit(StandaloneServer.run(args, System.out, System.err));
    }

    /** {@code http://127.0.0.1:<port>/v1}: the base URL an OpenAI client takes ({@code OPENAI_BASE_URL}). */
    public URI openAiBaseUrl() {
        return URI.create(baseUri() + "/v1");
    }

    /** Adds a model at the end of the list. */
    public FakeOpenAiServer addModel(ServedModel model) {
        models.add(model);
        return this;
    }

    /** Stops serving {@code id}; false when it was not served. */
    public boolean removeModel(String id) {
        return models.removeIf(m -> m.id().equals(id));
    }

    /** The served models, in {@code /v1/models} order. */
    public List<ServedModel> models() {
        return List.copyOf(models);
    }

    /** A 503 as vLLM (or a proxy in front of it) sends it when overloaded. */
    public static Fault busy() {
        return Fault.jsonStatus(503, VllmJson.write(VllmJson.error(503, "ServiceUnavailableError", null,
                "The server is overloaded; try again later.")));
    }

    /** A 503 with a {@code Retry-After} header of whole seconds. */
    public static Fault busy(Duration retryAfter) {
        return new Fault.Status(503, "application/json", VllmJson.write(VllmJson.error(503, "ServiceUnavailableError",
                null, "The server is overloaded; try again later.")), Map.of("Retry-After", Long.toString(retryAfter.toSeconds())));
    }

    /** A 429 as OpenAI sends it, with a {@code Retry-After} header of whole seconds. */
    public static Fault rateLimited(Duration retryAfter) {
        String body = "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
        return new Fault.Status(429, "application/json", body, Map.of("Retry-After", Long.toString(retryAfter.toSeconds())));
    }

    /** A canned error answer in vLLM's shape. */
    public static Fault error(int status, String type, String message) {
        return Fault.jsonStatus(status, VllmJson.write(VllmJson.error(status, type, null, message)));
    }

    /** The unit vector {@code /v1/embeddings} returns for {@code text} from a model with {@code dimensions}. */
    public static float[] expectedEmbedding(String text, int dimensions) {
        return ModelAndEmbeddingRoutes.vectorFor(text, dimensions);
    }

    /** vLLM's API-key middleware answers {@code {"error":"Unauthorized"}}; anything else is a 500 ErrorResponse. */
    @Override
    protected String errorJson(String message) {
        if (message.equals("unauthorized")) {
            return "{\"error\":\"Unauthorized\"}";
        }
        return VllmJson.write(VllmJson.error(500, "InternalServerError", null, message));
    }

    /** An error event, then {@code [DONE]}, as vLLM ends a stream that failed. */
    @Override
    protected String streamErrorLine(String message) {
        return "data: " + VllmJson.write(VllmJson.error(500, "InternalServerError", null, message)) + "\n\n" + DONE_EVENT;
    }

    void openAiRoute(String method, String path, OpenAiRoute route) {
        route(method, path, (request, out) -> {
            try {
                route.handle(request, out);
            } catch (OpenAiFailure e) {
                out.json(e.status, VllmJson.write(VllmJson.error(e.status, e.type, e.param, e.getMessage())));
            }
        });
    }

    /** The model a request names; the first one when it names none. */
    ServedModel modelFor(JsonNode model) throws OpenAiFailure {
        if (model.isMissingNode() || model.isNull()) {
            if (models.isEmpty()) {
                throw OpenAiFailure.modelNotFound("");
            }
            return models.get(0);
        }
        if (!model.isTextual()) {
            throw OpenAiFailure.badRequest("model", "model must be a string");
        }
        String id = model.asText();
        return models.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> OpenAiFailure.modelNotFound(id));
    }

    String nextId() {
        return Long.toHexString(ids.incrementAndGet());
    }

    long created() {
        return Instant.now().getEpochSecond();
    }
}
