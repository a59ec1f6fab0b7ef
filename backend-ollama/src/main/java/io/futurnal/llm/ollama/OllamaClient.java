package io.futurnal.llm.ollama;

import com.fasterxml.jackson.databind.ObjectReader;
import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.ContextLengthExceededException;
import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.ModelManagement;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.ModelSummary;
import io.futurnal.llm.PullProgress;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.ToolCall;
import io.futurnal.llm.http.HttpCall;
import io.futurnal.llm.http.HttpTransport;
import io.futurnal.llm.http.JsonSupport;
import io.futurnal.llm.http.TimeoutSetting;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for Ollama's native REST API: generation and chat (streamed as NDJSON, or whole with
 * {@code "stream": false}), embeddings, model management, and the Ollama-only calls
 * ({@link #version()}, {@link #show}, {@link #ps()}, {@link #copy}, {@link #load}, {@link #unload}).
 *
 * <p>Thread-safe: one pooled Apache HttpClient serves every call. Only the connect timeout and
 * the read timeout (the longest silence between two bytes) apply by default, so a long but live
 * generation is never cut; a total limit applies only when {@link LlmConfig#REQUEST_TIMEOUT} or
 * {@link GenerationOptions#timeout()} asks for one. Closing or cancelling a stream aborts its
 * exchange and frees its connection. A bearer token, when configured, is sent with every call and
 * never logged.
 *
 * <pre>{@code
 * try (OllamaClient ollama = OllamaClient.connect("127.0.0.1:11434", "llama3.1:8b")) {
 *     ollama.generate("Why is the sky blue?", GenerationOptions.deterministic(), System.out::print);
 * }
 * }</pre>
 */
public final class OllamaClient implements LlmClient, ModelManagement {

    private static final Logger LOG = LoggerFactory.getLogger(OllamaClient.class);
    private static final String NDJSON = "application/x-ndjson";
    private static final Set<Capability> BASE = EnumSet.of(Capability.CHAT, Capability.JSON_FORMAT,
            Capability.JSON_SCHEMA, Capability.MODEL_MANAGEMENT);

    private final LlmConfig config;
    private final OllamaSettings settings;
    private final HttpTransport transport;
    private final OllamaErrors errors;
    private final OllamaRequests requests;
    private final OllamaModels models;
    private final OllamaContextWindow contextWindow;
    private final OllamaAutoPull autoPull;
    private final ObjectReader chunkReader;
    private final AtomicReference<String> model = new AtomicReference<>();
    private final AtomicReference<Set<Capability>> capabilities = new AtomicReference<>();

    /**
     * A client configured by {@code config}: {@code ollama.host} / {@code OLLAMA_HOST} for the
     * server, {@link LlmConfig#MODEL} for the model (through the model registry), and the shared
     * timeout keys. No connection is made until the first call.
     *
     * @throws ConfigurationException when a setting is malformed
     */
    public OllamaClient(LlmConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.settings = OllamaSettings.from(config);
        this.errors = new OllamaErrors(JsonSupport.mapper(), settings.token());
        this.transport = new HttpTransport(settings.http(config), errors, JsonSupport.mapper());
        this.requests = new OllamaRequests(transport.mapper(), settings.defaultKeepAlive());
        this.models = new OllamaModels(transport, errors);
        this.contextWindow = new OllamaContextWindow(settings, models::show);
        this.autoPull = new OllamaAutoPull(settings.pull(), settings.pullTimeout(), models::pull,
                LlmClients.modelDownloadReporter(config, OllamaProvider.ID));
        this.chunkReader = transport.mapper().readerFor(OllamaWire.Chunk.class);
        settings.model().ifPresent(model::set);
        LOG.debug("Ollama client for {} with model {}", settings.baseUri(), settings.model().orElse("(first pulled)"));
    }

    /** A client for the server at {@code host} (any {@code OLLAMA_HOST} form) running {@code model}. */
    public static OllamaClient connect(String host, String model) {
        return new OllamaClient(LlmConfig.builder().set(OllamaSettings.HOST, host).model(model).build());
    }

    /** The server's base URL. */
    public URI baseUri() {
        return settings.baseUri();
    }

    /**
     * The model calls run on: the configured one, or when none is configured the first that
     * {@code /api/tags} lists (looked up once).
     *
     * @throws ConfigurationException when none is configured and the server has none
     */
    public String model() {
        String m = model.get();
        if (m != null) {
            return m;
        }
        List<OllamaWire.Tag> tags = models.tags();
        if (tags.isEmpty()) {
            throw new ConfigurationException("no model is configured and the Ollama server at " + baseUri()
                    + " has none pulled; set " + config.describe(LlmConfig.MODEL) + " and run: ollama pull <model>,"
                    + " e.g. ollama pull llama3.1:8b");
        }
        LOG.info("no model configured; using {}, the first of {} pulled models", tags.get(0).name(), tags.size());
        model.compareAndSet(null, tags.get(0).name());
        return model.get();
    }

    @Override
    public BackendInfo info() {
        String m = model.get();
        return new BackendInfo(OllamaProvider.ID, m == null ? "(first pulled model)" : m,
                Map.of("baseUrl", baseUri().toString(), "api", "native"));
    }

    /**
     * Chat, JSON and schema formats and model management always; embeddings, images, tools and
     * reasoning when {@code /api/show} lists {@code embedding}, {@code vision}, {@code tools} and
     * {@code thinking} for the model.
     */
    @Override
    public Set<Capability> capabilities() {
        Set<Capability> known = capabilities.get();
        if (known != null) {
            return known;
        }
        Set<Capability> caps = EnumSet.copyOf(BASE);
        try {
            OllamaModelInfo info = show(model());
            if (info.has("embedding")) {
                caps.add(Capability.EMBEDDINGS);
            }
            if (info.has("vision")) {
                caps.add(Capability.IMAGES);
            }
            if (info.has("tools")) {
                caps.add(Capability.TOOLS);
            }
            if (info.has("thinking")) {
                caps.add(Capability.REASONING);
            }
            capabilities.compareAndSet(null, Set.copyOf(caps));
        } catch (LlmException e) {
            LOG.debug("cannot read the capabilities of the model: {}", e.getMessage());
        }
        return Set.copyOf(caps);
    }

    @Override
    public TokenStream generateStream(String prompt, GenerationOptions options) {
        GenerationOptions o = OllamaRequests.orDefaults(options);
        String checkedPrompt = OllamaRequests.requirePrompt(prompt);
        String m = model();
        requests.generate(m, checkedPrompt, o, true); // refuses a malformed request now, before the stream is handed out
        return new OllamaTokenStream(transport, () -> {
            OllamaContextLimit limit = prepare(m);
            byte[] body = json(requests.generate(m, checkedPrompt, o, true, limit));
            return new OllamaTokenStream.Prepared(HttpCall.post("/api/generate", body).accept(NDJSON), limit);
        }, m, o, chunkReader, errors, null);
    }

    @Override
    public TokenStream chatStream(List<ChatMessage> messages, GenerationOptions options) {
        return chatStream(ChatRequest.of(messages, options));
    }

    /**
     * Streams the reply with tools ({@code tools}, {@code message.tool_calls}) and thinking
     * ({@code think}, {@code message.thinking}). A model without the capability makes Ollama answer
     * 400, which becomes an {@link io.futurnal.llm.UnsupportedCapabilityException}.
     */
    @Override
    public TokenStream chatStream(ChatRequest request) {
        String m = model();
        requireVisionForImages(request, m);
        requests.chat(m, request, true); // refuses a malformed request now, before the stream is handed out
        return new OllamaTokenStream(transport, () -> {
            OllamaContextLimit limit = prepare(m);
            byte[] body = json(requests.chat(m, request, true, limit));
            return new OllamaTokenStream.Prepared(HttpCall.post("/api/chat", body).accept(NDJSON), limit);
        }, m, request.options(), chunkReader, errors, request);
    }

    /** The whole completion in one {@code "stream": false} call. */
    @Override
    public GenerationResult generate(String prompt, GenerationOptions options) {
        GenerationOptions o = OllamaRequests.orDefaults(options);
        String checkedPrompt = OllamaRequests.requirePrompt(prompt);
        String m = model();
        OllamaContextLimit limit = prepare(m);
        return whole(HttpCall.post("/api/generate", json(requests.generate(m, checkedPrompt, o, false, limit))), o, m, null, limit);
    }

    /** The whole reply in one {@code "stream": false} call. */
    @Override
    public GenerationResult chat(List<ChatMessage> messages, GenerationOptions options) {
        return chat(ChatRequest.of(messages, options));
    }

    /** The whole reply, with reasoning and tool calls, in one {@code "stream": false} call. */
    @Override
    public GenerationResult chat(ChatRequest request) {
        String m = model();
        requireVisionForImages(request, m);
        OllamaContextLimit limit = prepare(m);
        return whole(HttpCall.post("/api/chat", json(requests.chat(m, request, false, limit))), request.options(), m, request, limit);
    }

    @Override
    public EmbeddingResult embed(List<String> texts) {
        return embed(model(), texts, Map.of());
    }

    /**
     * Embeds {@code texts} with {@code model}, passing {@code params} through: {@code truncate},
     * {@code dimensions} and {@code keep_alive} at the top level, anything else into {@code options}.
     */
    public EmbeddingResult embed(String model, List<String> texts, Map<String, Object> params) {
        Objects.requireNonNull(texts, "texts");
        String tag = tag(model);
        if (texts.isEmpty()) {
            return new EmbeddingResult(List.of(), tag, 0);
        }
        if (texts.stream().anyMatch(Objects::isNull)) {
            throw new InvalidRequestException("a text to embed is null");
        }
        OllamaWire.EmbedResponse r = transport.fetchJson(HttpCall.post("/api/embed",
                json(requests.embed(tag, texts, params))), OllamaWire.EmbedResponse.class);
        List<float[]> vectors = r.embeddings() == null ? List.of() : r.embeddings();
        if (vectors.size() != texts.size()) {
            throw new io.futurnal.llm.BackendFailureException("Ollama returned " + vectors.size()
                    + " embeddings for " + texts.size() + " texts");
        }
        return new EmbeddingResult(vectors, tag, r.promptEvalCount());
    }

    @Override
    public List<ModelSummary> listModels() {
        return models.list();
    }

    /** Pulls {@code model} (a registry name or an Ollama tag), handing each progress line to {@code progress}. */
    @Override
    public void pull(String model, Consumer<PullProgress> progress) {
        models.pull(tag(model), progress);
    }

    @Override
    public void delete(String model) {
        models.delete(tag(model));
    }

    /** Copies {@code source} to a new name, as {@code ollama cp} does. */
    public void copy(String source, String destination) {
        models.copy(tag(source), tag(destination));
    }

    /** {@code /api/show}: family, size, capabilities, context length and template of {@code model}. */
    public OllamaModelInfo show(String model) {
        return models.show(tag(model));
    }

    /** {@code /api/ps}: the models loaded in memory now. */
    public List<OllamaRunningModel> ps() {
        return models.ps();
    }

    /** {@code /api/version}: the server's version, e.g. {@code 0.12.6}. */
    public String version() {
        return models.version();
    }

    /**
     * Loads {@code model} into memory (an empty generate) with the context window calls will use,
     * and keeps it for the default keep-alive.
     */
    public void load(String model) {
        String tag = tag(model);
        transport.fetch(HttpCall.post("/api/generate", json(requests.loadOrUnload(tag, null, contextWindow.limitFor(tag).numCtx()))));
    }

    /** Unloads {@code model} from memory now ({@code keep_alive: 0}). */
    public void unload(String model) {
        transport.fetch(HttpCall.post("/api/generate", json(requests.loadOrUnload(tag(model), 0))));
    }

    /** Closes the connection pool, aborting calls still running. Idempotent. */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "OllamaClient[" + baseUri() + ", model=" + info().model() + "]";
    }

    /**
     * Makes {@code m} ready for a generate or chat call: pulls it when {@code futurnal.ollama.pull}
     * asks for that, and reads its context window. {@code /api/show} is where a missing model shows
     * up first, before the call itself, so a pull can happen before anything is streamed.
     */
    private OllamaContextLimit prepare(String m) {
        autoPull.beforeFirstUse(m);
        try {
            return contextWindow.limitFor(m);
        } catch (ModelNotFoundException e) {
            if (!autoPull.pullMissing(m, e)) {
                throw e;
            }
            contextWindow.forget(m);
            capabilities.set(null);
            return contextWindow.limitFor(m);
        }
    }

    private GenerationResult whole(HttpCall call, GenerationOptions o, String m, ChatRequest request, OllamaContextLimit limit) {
        long start = System.nanoTime();
        HttpCall timed = o.timeout() == null ? call : call.timeout(new TimeoutSetting(o.timeout(), "GenerationOptions.timeout"));
        OllamaWire.Chunk c;
        try {
            c = transport.fetchJson(timed, OllamaWire.Chunk.class);
            if (c.error() != null) {
                throw errors.midStream(c.error(), transport.url(call.path()));
            }
        } catch (ContextLengthExceededException e) {
            throw limit.explain(e);
        }
        String text = OllamaResults.text(c);
        GenerationMetrics metrics = OllamaResults.metrics(c, true)
                .withMeasured(text.isEmpty() ? 0 : 1, Duration.ZERO, Duration.ofNanos(System.nanoTime() - start));
        List<ToolCall> calls = OllamaResults.toolCalls(c, request, 0);
        FinishReason reason = OllamaResults.finishReason(c.doneReason());
        return new GenerationResult(text, reason == FinishReason.STOP && !calls.isEmpty() ? FinishReason.TOOL_CALLS : reason,
                metrics, OllamaProvider.ID, m, OllamaResults.reasoning(c), calls);
    }

    /**
     * Ollama answers images sent to a model without vision unpredictably, so they are refused here
     * when {@code /api/show} could be read and lists no {@code vision}. (Tools and thinking are left
     * to the server, which refuses them with a 400 that becomes the same typed error.)
     */
    private void requireVisionForImages(ChatRequest request, String m) {
        if (request.messages().stream().allMatch(msg -> msg.images().isEmpty())) {
            return;
        }
        Set<Capability> known = capabilities();
        if (capabilities.get() != null && !known.contains(Capability.IMAGES)) {
            throw new io.futurnal.llm.UnsupportedCapabilityException(Capability.IMAGES, "the Ollama model " + m
                    + " does not list 'vision' in /api/show, so it cannot read images; use a vision model such as llava");
        }
    }

    private String tag(String name) {
        Objects.requireNonNull(name, "model");
        String tag = config.modelRegistry().nameOrSelf(name.strip(), OllamaSettings.ID);
        try {
            return OllamaModelNames.normalize(OllamaModelNames.requireValid(tag, "the model name"));
        } catch (ConfigurationException e) {
            throw new InvalidRequestException(e.getMessage(), e);
        }
    }

    private byte[] json(Object body) {
        return JsonSupport.toJsonBytes(transport.mapper(), body);
    }
}
