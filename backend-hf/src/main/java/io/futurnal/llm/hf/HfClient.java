package io.futurnal.llm.hf;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ContextLengthExceededException;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.Role;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.UnsupportedCapabilityException;
import io.futurnal.llm.spi.json.JsonAutomaton;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Hugging Face model run in-process on DJL's PyTorch engine. Thread-safe: concurrent calls each
 * get their own KV cache over the shared weights. Besides {@link LlmClient} it offers token-level
 * access ({@link #tokenize}, {@link #detokenize}, {@link #generateTokens}) for tests and tools.
 * Get one from {@code LlmClients} with backend {@code hf}, then {@code unwrap(HfClient.class)}.
 */
public final class HfClient implements LlmClient {

    private final HfModel model;
    private final Optional<Duration> requestTimeout;
    private final BackendInfo info;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<TokenStream> open = ConcurrentHashMap.newKeySet();
    private volatile TokenVocabulary vocabulary;

    HfClient(HfModel model, Optional<Duration> requestTimeout, String source) {
        this.model = model;
        this.requestTimeout = requestTimeout;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("directory", model.directory.toString());
        details.put("source", source);
        details.put("architecture", model.config.architecture());
        details.put("context", Integer.toString(model.contextLength));
        details.put("threads", Integer.toString(DjlRuntime.threads()));
        details.put("dtype", model.forward.computeType() == ai.djl.ndarray.types.DataType.FLOAT32 ? "float32" : "float16");
        details.put("weightBytes", Long.toString(model.weightBytes));
        details.put("mappedWeightBytes", Long.toString(model.mappedBytes));
        details.put("loadMillis", Long.toString(model.loadDuration.toMillis()));
        this.info = new BackendInfo(HfSettings.ID, model.name, details);
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> capabilities = EnumSet.of(Capability.JSON_FORMAT, Capability.JSON_SCHEMA, Capability.TOOLS);
        if (model.chatTemplate != null) {
            capabilities.add(Capability.CHAT);
        }
        return capabilities;
    }

    @Override
    public TokenStream generateStream(String prompt, GenerationOptions options) {
        Objects.requireNonNull(prompt, "prompt");
        GenerationOptions effective = checked(options);
        String text = effective.systemPrompt() == null ? prompt : effective.systemPrompt() + "\n\n" + prompt;
        return start(model.promptIds(text, true), effective);
    }

    @Override
    public TokenStream chatStream(List<ChatMessage> messages, GenerationOptions options) {
        Objects.requireNonNull(messages, "messages");
        GenerationOptions effective = checked(options);
        if (model.chatTemplate == null) {
            throw new UnsupportedCapabilityException(Capability.CHAT, "the model " + model.name + " in "
                    + model.directory + " has no chat_template in tokenizer_config.json; use generate instead");
        }
        ChatRequest.of(messages, effective).requireSupportedBy(capabilities(), describe());
        String rendered = model.chatTemplate.render(withSystemPrompt(messages, effective.systemPrompt()));
        // the template writes any BOS itself, as apply_chat_template does
        return start(model.promptIds(rendered, false), effective);
    }

    /**
     * Replies to {@code request}; with tools, a call is decoded under the tools' schemas (see
     * {@link ToolPrompting}). A model without a chat template then gets a plain transcript.
     */
    @Override
    public TokenStream chatStream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        if (!request.usesTools()) {
            return chatStream(request.messages(), request.options());
        }
        request.requireSupportedBy(capabilities(), describe());
        boolean call = ToolPrompting.callsATool(request);
        GenerationOptions effective = checked(call ? ToolPrompting.callOptions(request) : request.options());
        List<ChatMessage> plain = ToolPrompting.plainMessages(request);
        TokenStream reply = model.chatTemplate == null
                ? start(model.promptIds(ToolPrompting.transcript(plain), true), effective)
                : start(model.promptIds(model.chatTemplate.render(plain), false), effective);
        return call ? ToolPrompting.asToolCall(reply, request, "hf", model.name) : reply;
    }

    /** The model's token ids for {@code text}, without a beginning-of-sequence token. */
    public int[] tokenize(String text) {
        ensureOpen();
        return model.tokenizer.encode(Objects.requireNonNull(text, "text"));
    }

    /**
     * The text of {@code tokens}, special tokens left out.
     *
     * @throws InvalidRequestException when an id is outside the vocabulary
     */
    public String detokenize(int[] tokens) {
        ensureOpen();
        int[] ids = Objects.requireNonNull(tokens, "tokens").clone();
        checkIds(ids);
        return model.tokenizer.decode(ids, 0, ids.length, true);
    }

    /**
     * Generates from prompt token ids (include the BOS id yourself if the model wants it) and
     * returns the generated ids, end-of-sequence excluded. Uses the sampling options and
     * {@code maxTokens} of {@code options}; stop strings and formats do not apply at this level.
     */
    public int[] generateTokens(int[] promptIds, GenerationOptions options) {
        int[] prompt = Objects.requireNonNull(promptIds, "promptIds").clone();
        GenerationOptions effective = checked(options);
        checkIds(prompt);
        int limit = tokenLimit(prompt, effective);
        if (!model.retain()) {
            throw closedError();
        }
        try (TokenGenerator generator = new TokenGenerator(model, prompt, Sampler.of(effective), limit)) {
            List<Integer> out = new ArrayList<>();
            for (int id = generator.next(); id >= 0; id = generator.next()) {
                out.add(id);
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        } catch (LlmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BackendFailureException("the hf backend failed while generating: " + e.getMessage(), e);
        } finally {
            model.release();
        }
    }

    /**
     * The float32 logits, one per vocabulary id, that the model gives for the token following
     * {@code promptIds} (include the BOS id yourself if the model wants it). For parity checks and tools.
     *
     * @throws InvalidRequestException when the prompt is empty or holds an id outside the vocabulary
     * @throws ContextLengthExceededException when the prompt fills the context
     */
    public float[] nextTokenLogits(int[] promptIds) {
        int[] prompt = Objects.requireNonNull(promptIds, "promptIds").clone();
        ensureOpen();
        checkIds(prompt);
        tokenLimit(prompt, GenerationOptions.builder().build());
        if (!model.retain()) {
            throw closedError();
        }
        try (KvCache cache = new KvCache(model.manager(), model.config, prompt.length, model.contextLength,
                model.forward.computeType())) {
            float[] logits = null;
            for (int from = 0; from < prompt.length; from += TokenGenerator.PREFILL_BLOCK) {
                int to = Math.min(prompt.length, from + TokenGenerator.PREFILL_BLOCK);
                logits = model.forward.forward(java.util.Arrays.copyOfRange(prompt, from, to), cache);
            }
            return logits;
        } catch (RuntimeException e) {
            throw new BackendFailureException("the hf backend failed while evaluating the prompt: " + e.getMessage(), e);
        } finally {
            model.release();
        }
    }

    /** The BOS id this model's prompts start with, or -1 when it adds none. */
    public int beginOfSequenceId() {
        return model.addBos ? model.settings.bosTokenId() : -1;
    }

    /** The model directory this client runs. */
    public Path modelDirectory() {
        return model.directory;
    }

    /** Most tokens (prompt and generated) one call can hold. */
    public int contextLength() {
        return model.contextLength;
    }

    /** How long loading the model took (configuration, tokenizer and weights; not the engine). */
    public Duration loadDuration() {
        return model.loadDuration;
    }

    /** The loaded model, for tests in this package. */
    HfModel model() {
        return model;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (TokenStream stream : List.copyOf(open)) {
                stream.cancel();
            }
            model.release();
        }
    }

    private TokenStream start(int[] prompt, GenerationOptions options) {
        int limit = tokenLimit(prompt, options);
        TokenConstraint constraint = constraint(options.format());
        if (!model.retain()) {
            throw closedError();
        }
        // the stream releases the model reference, even when its constructor fails
        HfTokenStream stream = new HfTokenStream(model, prompt, options, Sampler.of(options), constraint, limit, open::remove);
        open.add(stream);
        if (stream.isFreed()) {
            open.remove(stream);
        }
        if (closed.get()) {
            stream.cancel();
        }
        return stream;
    }

    /** The decoding constraint for {@code format}, or null for free text. */
    private TokenConstraint constraint(ResponseFormat format) {
        if (format instanceof ResponseFormat.Json) {
            return new JsonConstraint(JsonAutomaton.anyObject(), vocabulary());
        }
        if (format instanceof ResponseFormat.JsonSchema schema) {
            return new JsonConstraint(JsonAutomaton.forSchema(schema.schema()), vocabulary());
        }
        return null;
    }

    /** The token texts and their prefix tree, built on the first constrained call. */
    private TokenVocabulary vocabulary() {
        TokenVocabulary v = vocabulary;
        if (v == null) {
            synchronized (this) {
                v = vocabulary;
                if (v == null) {
                    v = TokenVocabulary.of(model.tokenizer, model.config.vocabSize());
                    vocabulary = v;
                }
            }
        }
        return v;
    }

    /**
     * Tokens this call may generate: {@code maxTokens} capped by the room the prompt leaves.
     *
     * @throws ContextLengthExceededException when the prompt leaves no room for even one token
     */
    private int tokenLimit(int[] prompt, GenerationOptions options) {
        if (prompt.length == 0) {
            throw new InvalidRequestException("the prompt is empty and the model " + model.name + " adds no BOS token; give some text");
        }
        if (prompt.length >= model.contextLength) {
            throw new ContextLengthExceededException("the prompt has " + prompt.length + " tokens, but the context holds "
                    + model.contextLength + "; shorten it or raise " + HfSettings.CONTEXT.environmentName() + " (if the model allows)");
        }
        int room = model.contextLength - prompt.length;
        return options.maxTokens() == null ? room : Math.min(options.maxTokens(), room);
    }

    /** How error messages name this client. */
    private String describe() {
        return "the hf backend with model " + model.name;
    }

    private GenerationOptions checked(GenerationOptions options) {
        Objects.requireNonNull(options, "options");
        ensureOpen();
        options.requireSupportedBy(capabilities(), describe() + " (try the llamacpp or ollama backend)");
        if (options.format() instanceof ResponseFormat.JsonSchema schema) {
            JsonAutomaton.forSchema(schema.schema()); // refuses a bad schema before the model is retained
        }
        if (options.timeout() == null && requestTimeout.isPresent()) {
            return options.toBuilder().timeout(requestTimeout.get()).build();
        }
        return options;
    }

    private void checkIds(int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= model.config.vocabSize()) {
                throw new InvalidRequestException("token id " + id + " is outside the vocabulary of "
                        + model.config.vocabSize() + " tokens");
            }
        }
    }

    private static List<ChatMessage> withSystemPrompt(List<ChatMessage> messages, String systemPrompt) {
        if (systemPrompt == null) {
            return messages;
        }
        List<ChatMessage> all = new ArrayList<>();
        if (!messages.isEmpty() && messages.get(0).role() == Role.SYSTEM) {
            all.add(ChatMessage.system(systemPrompt + "\n\n" + messages.get(0).content()));
            all.addAll(messages.subList(1, messages.size()));
        } else {
            all.add(ChatMessage.system(systemPrompt));
            all.addAll(messages);
        }
        return all;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw closedError();
        }
    }

    private BackendUnavailableException closedError() {
        return new BackendUnavailableException("this hf client is closed; create a new one");
    }
}
