package io.futurnal.llm.llamacpp;

import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.UnsupportedCapabilityException;
import io.futurnal.llm.spi.json.ToolPrompting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A GGUF model running in this process through llama.cpp. Clients of the same model and load
 * settings share one loaded copy; calls on it run one at a time, so greedy output is the same on
 * every run. Besides {@link LlmClient} it tokenizes, detokenizes and reports the facts of the GGUF
 * header. Get one through {@code LlmClients} with backend {@code llamacpp}, and reach these extras
 * with {@code client.unwrap(LlamaCppClient.class)}.
 */
public final class LlamaCppClient implements LlmClient {

    private final ModelCache.Lease lease;
    private final NativeModel model;
    private final ResolvedModel resolved;
    private final Optional<Duration> requestTimeout;
    private final AtomicBoolean loadReported;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Why chat is unavailable ("" when it is available), found on first use. */
    private volatile String chatProblem;

    LlamaCppClient(ModelCache.Lease lease, ResolvedModel resolved, Optional<Duration> requestTimeout) {
        this.lease = lease;
        this.model = lease.model();
        this.resolved = resolved;
        this.requestTimeout = requestTimeout;
        this.loadReported = new AtomicBoolean(!lease.loadedByThisLease());
    }

    /**
     * The backend, the model's name and facts worth showing: path, source, architecture,
     * quantisation, context, and under {@code native} the native build in use and the CPU's features.
     */
    @Override
    public BackendInfo info() {
        GgufHeader h = model.header;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("path", model.key.path().toString());
        details.put("source", resolved.source());
        details.put("architecture", h.architecture());
        details.put("parameters", h.parameterCountText());
        details.put("quantization", h.quantization());
        details.put("context", Integer.toString(model.key.contextSize()));
        details.put("threads", Integer.toString(model.key.threads()));
        details.put("chatTemplate", !model.key.chatTemplate().isEmpty() ? model.key.chatTemplate()
                : h.chatTemplateText().isPresent() ? "the model's own" : "none");
        details.put("embeddings", Boolean.toString(model.key.embeddings()));
        // the loaded build, whatever later configurations ask for: the JVM keeps the first one
        details.put("native", NativeLibrary.report(Optional.empty()));
        if (resolved.bundled()) {
            details.put("note", "stories260K, the bundled 260K-parameter toy model for demos and tests; "
                    + "set FUTURNAL_LLAMACPP_MODEL=<file.gguf> or FUTURNAL_PRODUCTION_LLM to use a real GGUF model");
        }
        return new BackendInfo(LlamaCppProvider.ID, resolved.displayName(), details);
    }

    /**
     * JSON and JSON-schema output and tools always; chat when the model has a template llama.cpp recognises
     * or one is configured; embeddings when the model was loaded for them.
     */
    @Override
    public Set<Capability> capabilities() {
        Set<Capability> capabilities = EnumSet.of(Capability.JSON_FORMAT, Capability.JSON_SCHEMA, Capability.TOOLS);
        if (chatProblem().isEmpty()) {
            capabilities.add(Capability.CHAT);
        }
        if (model.key.embeddings()) {
            capabilities.add(Capability.EMBEDDINGS);
        }
        return capabilities;
    }

    /** Streams a completion of {@code prompt}; a system prompt in the options goes before it, followed by a blank line. */
    @Override
    public TokenStream generateStream(String prompt, GenerationOptions options) {
        Objects.requireNonNull(prompt, "prompt");
        GenerationOptions effective = withTimeout(Objects.requireNonNull(options, "options"));
        effective.requireSupportedBy(capabilities(), describe());
        String text = effective.systemPrompt() == null ? prompt : effective.systemPrompt() + "\n\n" + prompt;
        return stream(text, effective);
    }

    /**
     * Streams the reply to {@code messages} formatted with the chat template.
     *
     * @throws UnsupportedCapabilityException when the model has no usable template, or a message carries images
     */
    @Override
    public TokenStream chatStream(List<ChatMessage> messages, GenerationOptions options) {
        Objects.requireNonNull(messages, "messages");
        GenerationOptions effective = withTimeout(Objects.requireNonNull(options, "options"));
        ensureOpen();
        Optional<String> problem = chatProblem();
        if (problem.isPresent()) {
            throw new UnsupportedCapabilityException(Capability.CHAT, problem.get());
        }
        ChatRequest.of(messages, effective).requireSupportedBy(capabilities(), describe());
        return stream(ChatPrompts.prompt(model, messages, effective.systemPrompt()), effective);
    }

    /**
     * Replies to {@code request}; with tools, a call is decoded under a grammar built from the tools'
     * schemas (see {@link ToolPrompting}), so even a weak model can only write a call that parses and
     * validates. The chat template formats the conversation when the model has a usable one, a
     * plain transcript otherwise.
     */
    @Override
    public TokenStream chatStream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        if (!request.usesTools()) {
            return chatStream(request.messages(), request.options());
        }
        ensureOpen();
        ChatRequest timed = request.withOptions(withTimeout(request.options()));
        timed.requireSupportedBy(capabilities(), describe());
        boolean call = ToolPrompting.callsATool(timed);
        List<ChatMessage> plain = ToolPrompting.plainMessages(timed);
        String prompt = chatProblem().isEmpty() ? ChatPrompts.prompt(model, plain, null) : ToolPrompting.transcript(plain);
        TokenStream reply = stream(prompt, call ? ToolPrompting.callOptions(timed) : timed.options());
        return call ? ToolPrompting.asToolCall(reply, timed, LlamaCppProvider.ID, resolved.displayName()) : reply;
    }

    /**
     * Embeds each text (last-token pooling for causal models, normalised to length 1).
     *
     * @throws UnsupportedCapabilityException unless the model was loaded with {@code futurnal.llamacpp.embeddings=true}
     */
    @Override
    public EmbeddingResult embed(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        ensureOpen();
        if (!model.key.embeddings()) {
            throw new UnsupportedCapabilityException(Capability.EMBEDDINGS, "the llama.cpp model " + resolved.displayName()
                    + " was not loaded for embeddings; set " + LlamaCppSettings.EMBEDDINGS + "=true (env FUTURNAL_LLAMACPP_EMBEDDINGS)");
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        int tokens = 0;
        for (String text : texts) {
            int count = tokenize(Objects.requireNonNull(text, "text")).length + (model.header.addBosToken() ? 1 : 0);
            if (count > NativeModel.MICRO_BATCH || count >= model.key.contextSize()) {
                throw new InvalidRequestException("a text of " + count + " tokens is too long to embed; the limit is "
                        + Math.min(NativeModel.MICRO_BATCH, model.key.contextSize() - 1) + " tokens");
            }
            vectors.add(model.embed(text, closed::get));
            tokens += count;
        }
        return new EmbeddingResult(vectors, resolved.displayName(), tokens);
    }

    /** The model's token ids for {@code text}, without a beginning-of-sequence token. */
    public int[] tokenize(String text) {
        ensureOpen();
        return model.encode(Objects.requireNonNull(text, "text"));
    }

    /**
     * The text of {@code tokens}.
     *
     * @throws InvalidRequestException when an id is outside the vocabulary
     */
    public String detokenize(int[] tokens) {
        ensureOpen();
        return model.decode(Objects.requireNonNull(tokens, "tokens").clone());
    }

    /** What the GGUF header says about the model: architecture, context length, parameters, quantisation. */
    public GgufHeader modelInfo() {
        return model.header;
    }

    /** The GGUF file this client runs. */
    public Path modelPath() {
        return model.key.path();
    }

    /** The context length, in tokens, the model is loaded with. */
    public int contextSize() {
        return model.key.contextSize();
    }

    /** How long llama.cpp took to load the model (once per JVM for clients that share it). */
    public Duration loadDuration() {
        return model.loadDuration;
    }

    /**
     * Releases this client's share of the model. The model stays loaded for later clients unless
     * {@code futurnal.llamacpp.keep.loaded} is false, in which case the last close stops it.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            lease.close();
        }
    }

    private TokenStream stream(String prompt, GenerationOptions options) {
        ensureOpen();
        Requests.Prepared request = Requests.completion(prompt, options, model);
        Duration load = loadReported.compareAndSet(false, true) ? model.loadDuration : Duration.ZERO;
        return new LlamaTokenStream(resolved.displayName(), options, model, request, load);
    }

    /** How error messages name this client. */
    private String describe() {
        return "the llamacpp backend with model " + resolved.displayName();
    }

    private GenerationOptions withTimeout(GenerationOptions options) {
        if (options.timeout() != null || requestTimeout.isEmpty()) {
            return options;
        }
        return options.toBuilder().timeout(requestTimeout.get()).build();
    }

    private Optional<String> chatProblem() {
        String known = chatProblem;
        if (known == null) {
            if (closed.get()) {
                return Optional.of("this llama.cpp client is closed");
            }
            known = ChatPrompts.problem(model).orElse("");
            chatProblem = known;
        }
        return known.isEmpty() ? Optional.empty() : Optional.of(known);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new LlmException("this llama.cpp client is closed");
        }
    }
}
