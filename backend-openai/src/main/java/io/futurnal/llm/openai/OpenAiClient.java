package io.futurnal.llm.openai;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.ModelSummary;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.ToolCall;
import io.futurnal.llm.http.HttpCall;
import io.futurnal.llm.http.HttpSettings;
import io.futurnal.llm.http.HttpTransport;
import io.futurnal.llm.http.TimeoutSetting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for any server that speaks the OpenAI HTTP API: vLLM, llama.cpp's {@code llama-server},
 * LM Studio, TGI, LocalAI or OpenAI itself. Chat goes to {@code /chat/completions}, plain
 * completion to {@code /completions}, embeddings to {@code /embeddings}, all under the configured
 * base URL (which includes {@code /v1}). Streams are server-sent events; the whole-answer
 * {@link #generate(String, GenerationOptions)} and {@link #chat(List, GenerationOptions)} ask for
 * one JSON response instead.
 *
 * <p>Thread-safe: calls share one connection pool. Get one with {@code LlmClients.create()} and
 * reach this type with {@code client.unwrap(OpenAiClient.class)} for {@link #listModels()}.
 */
public final class OpenAiClient implements LlmClient {

    /** The provider id. */
    static final String BACKEND = OpenAiSettings.ID;

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiClient.class);
    private static final Duration HINT_LOOKUP = Duration.ofSeconds(3);

    private final OpenAiEndpoint endpoint;
    private final HttpTransport transport;
    private final OpenAiErrors errors;
    private final String model;
    private final String embeddingModel;

    private OpenAiClient(OpenAiEndpoint endpoint, HttpTransport transport, OpenAiErrors errors, String model,
                         String embeddingModel) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.errors = errors;
        this.model = model;
        this.embeddingModel = embeddingModel;
    }

    /**
     * Connects to the server in {@code endpoint} and settles the model: the configured one (by its
     * Hugging Face id when the registry knows one and the server serves that), or the first one the
     * server lists.
     */
    static OpenAiClient connect(OpenAiEndpoint endpoint, HttpSettings settings, LlmConfig config) {
        OpenAiErrors errors = new OpenAiErrors(endpoint);
        HttpTransport transport = new HttpTransport(settings, errors, OpenAiWire.MAPPER);
        try {
            String model = chooseModel(config, () -> servedModelIds(transport, HttpCall.get("/models")), endpoint);
            String embeddingModel = config.find(OpenAiSettings.EMBEDDING_MODEL)
                    .map(m -> config.modelRegistry().nameOrSelf(m, OpenAiSettings.MODEL_COLUMN)).orElse(model);
            errors.bind(model, embeddingModel, () -> servedModelIds(transport, HttpCall.get("/models")
                    .timeout(new TimeoutSetting(HINT_LOOKUP, "the served-model lookup for an error hint"))));
            LOG.debug("openai client on {} with model {} (embeddings: {})", endpoint, model, embeddingModel);
            return new OpenAiClient(endpoint, transport, errors, model, embeddingModel);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    private static String chooseModel(LlmConfig config, Supplier<List<String>> served,
                                      OpenAiEndpoint endpoint) {
        Optional<String> requested = config.model();
        if (requested.isEmpty()) {
            List<String> ids = served.get();
            if (ids.isEmpty()) {
                throw new BackendUnavailableException("the server at " + endpoint.baseUri()
                        + " lists no models under /models; start it with a model, or set "
                        + LlmConfig.environmentName(LlmConfig.MODEL));
            }
            return ids.get(0);
        }
        String name = requested.get();
        String hf = config.modelRegistry().nameOrSelf(name, OpenAiSettings.MODEL_COLUMN);
        if (hf.equals(name)) {
            return name;
        }
        try {
            List<String> ids = served.get();
            if (!ids.contains(hf) && ids.contains(name)) {
                return name;
            }
        } catch (LlmException e) {
            LOG.debug("could not list the served models to choose between '{}' and '{}': {}", name, hf, e.toString());
        }
        return hf;
    }

    @Override
    public BackendInfo info() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("baseUrl", endpoint.baseUri().toString());
        details.put("apiKey", endpoint.token().isPresent() ? "set (" + endpoint.tokenSource() + ")" : "not set");
        details.put("embeddingModel", embeddingModel);
        return new BackendInfo(BACKEND, model, details);
    }

    /**
     * Chat, embeddings, JSON, JSON schema, images, tools and reasoning: the API has them all, but
     * whether a given model on a given server supports them is the server's call, and it says so
     * with an error.
     */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CHAT, Capability.EMBEDDINGS, Capability.JSON_FORMAT, Capability.JSON_SCHEMA,
                Capability.IMAGES, Capability.TOOLS, Capability.REASONING);
    }

    @Override
    public TokenStream generateStream(String prompt, GenerationOptions options) {
        byte[] body = OpenAiRequests.completion(model, prompt, orDefaults(options), true);
        return stream(HttpCall.post("/completions", body), orDefaults(options), null);
    }

    @Override
    public TokenStream chatStream(List<ChatMessage> messages, GenerationOptions options) {
        return chatStream(ChatRequest.of(messages, options));
    }

    /** Streams the reply, with reasoning deltas and tool calls (their fragments joined by index). */
    @Override
    public TokenStream chatStream(ChatRequest request) {
        byte[] body = OpenAiRequests.chat(model, request, true);
        return stream(HttpCall.post("/chat/completions", body), request.options(), request);
    }

    /** Completes {@code prompt} in one non-streamed request ({@code "stream": false}). */
    @Override
    public GenerationResult generate(String prompt, GenerationOptions options) {
        GenerationOptions o = orDefaults(options);
        return whole(HttpCall.post("/completions", OpenAiRequests.completion(model, prompt, o, false)), o, null);
    }

    /** Answers {@code messages} in one non-streamed request ({@code "stream": false}). */
    @Override
    public GenerationResult chat(List<ChatMessage> messages, GenerationOptions options) {
        return chat(ChatRequest.of(messages, options));
    }

    /** Answers {@code request} in one non-streamed request, with reasoning and tool calls. */
    @Override
    public GenerationResult chat(ChatRequest request) {
        return whole(HttpCall.post("/chat/completions", OpenAiRequests.chat(model, request, false)), request.options(), request);
    }

    /**
     * Embeds the texts with {@code POST /embeddings}, using the model of
     * {@code futurnal.openai.embedding.model} or else the client's model.
     */
    @Override
    public EmbeddingResult embed(List<String> texts) {
        if (texts.isEmpty()) {
            return new EmbeddingResult(List.of(), embeddingModel, 0);
        }
        HttpCall call = HttpCall.post("/embeddings", OpenAiRequests.embeddings(embeddingModel, texts));
        OpenAiWire.EmbeddingResponse response = transport.fetchJson(call, OpenAiWire.EmbeddingResponse.class);
        return Embeddings.toResult(response, texts.size(), embeddingModel, transport.url("/embeddings"));
    }

    /**
     * The models the server serves ({@code GET /models}), with what it says about them
     * ({@code ownedBy}, and from vLLM {@code root} and {@code maxModelLen}).
     */
    public List<ModelSummary> listModels() {
        OpenAiWire.ModelList list = transport.fetchJson(HttpCall.get("/models"), OpenAiWire.ModelList.class);
        List<ModelSummary> out = new ArrayList<>();
        for (OpenAiWire.ModelCard card : cards(list, transport.url("/models"))) {
            Map<String, String> details = new LinkedHashMap<>();
            putIfPresent(details, "ownedBy", card.ownedBy());
            putIfPresent(details, "root", card.root());
            putIfPresent(details, "maxModelLen", card.maxModelLen());
            putIfPresent(details, "created", card.created());
            out.add(new ModelSummary(card.id(), 0, details));
        }
        return out;
    }

    /** The base URL requests go to, e.g. {@code http://127.0.0.1:8000/v1}. */
    public String baseUrl() {
        return endpoint.baseUri().toString();
    }

    @Override
    public void close() {
        transport.close();
    }

    private TokenStream stream(HttpCall call, GenerationOptions options, ChatRequest request) {
        return new OpenAiTokenStream(model, options, transport.exchange(call.accept("text/event-stream")), errors, request);
    }

    private GenerationResult whole(HttpCall call, GenerationOptions options, ChatRequest request) {
        HttpCall timed = options.timeout() == null ? call
                : call.timeout(new TimeoutSetting(options.timeout(), "GenerationOptions.timeout"));
        long start = System.nanoTime();
        OpenAiWire.Completion response = transport.fetchJson(timed.accept("application/json"), OpenAiWire.Completion.class);
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        String url = transport.url(call.path());
        if (response.error() != null) {
            throw errors.inStream(ApiError.of(OpenAiWire.MAPPER.valueToTree(response)).orElseThrow(), url);
        }
        if (response.choices() == null || response.choices().isEmpty()) {
            throw new BackendFailureException(url + " answered without any choice");
        }
        CompletionState state = new CompletionState();
        CompletionState.Pieces pieces = state.acceptPieces(response, url);
        String text = pieces.text();
        String cut = Stops.cut(text, options.stop());
        if (cut.length() < text.length()) {
            state.stoppedByStopString();
        }
        GenerationMetrics m = state.metrics();
        GenerationMetrics metrics = new GenerationMetrics(m.promptTokens(), m.generatedTokens(), Duration.ZERO,
                Duration.ZERO, m.promptEvalDuration(), m.generationDuration(), total);
        List<ToolCall> calls = state.toolCalls(request, url);
        FinishReason reason = state.finishReason();
        return new GenerationResult(cut, reason == FinishReason.STOP && !calls.isEmpty() ? FinishReason.TOOL_CALLS : reason,
                metrics, BACKEND, model, pieces.reasoning(), calls);
    }

    private static List<String> servedModelIds(HttpTransport transport, HttpCall call) {
        OpenAiWire.ModelList list = transport.fetchJson(call, OpenAiWire.ModelList.class);
        return cards(list, transport.url("/models")).stream().map(OpenAiWire.ModelCard::id).toList();
    }

    static List<OpenAiWire.ModelCard> cards(OpenAiWire.ModelList list, String url) {
        if (list == null || list.data() == null) {
            throw new BackendFailureException(url + " answered without a 'data' list; is this an OpenAI-compatible server?");
        }
        return list.data().stream().filter(c -> c != null && c.id() != null && !c.id().isBlank()).toList();
    }

    private static GenerationOptions orDefaults(GenerationOptions options) {
        return options == null ? GenerationOptions.DEFAULTS : options;
    }

    private static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
