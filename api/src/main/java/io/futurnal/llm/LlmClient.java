package io.futurnal.llm;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A language model on some backend. Get one from {@link LlmClients}.
 *
 * <p>Clients are thread-safe: one client serves concurrent calls. Close it when done; closing
 * frees the model or the connection pool it holds and is idempotent.
 */
public interface LlmClient extends AutoCloseable {

    /** The backend and model this client runs on. */
    BackendInfo info();

    /** What this client can do beyond plain generation and streaming. */
    Set<Capability> capabilities();

    /** Streams a completion of {@code prompt}. */
    TokenStream generateStream(String prompt, GenerationOptions options);

    /** Streams the assistant's reply to {@code messages}. */
    TokenStream chatStream(List<ChatMessage> messages, GenerationOptions options);

    /**
     * Streams the assistant's reply to {@code request}: its messages, options and tools. Read
     * {@link TokenStream#events()} to see reasoning and tool calls as they arrive.
     *
     * <p>The default serves requests without tools and without thinking through
     * {@link #chatStream(List, GenerationOptions)}, and refuses anything the client does not list in
     * {@link #capabilities()}; backends with tools or reasoning override it.
     *
     * @throws UnsupportedCapabilityException when the request needs a capability the client lacks
     */
    default TokenStream chatStream(ChatRequest request) {
        request.requireSupportedBy(capabilities(), describeForErrors());
        boolean thinking = request.options().think() != null && request.options().think().enabled();
        if (request.usesTools() || thinking) {
            throw new UnsupportedCapabilityException(request.usesTools() ? Capability.TOOLS : Capability.REASONING,
                    describeForErrors() + " lists " + (request.usesTools() ? "TOOLS" : "REASONING")
                            + " but does not implement chatStream(ChatRequest); this is a bug in the backend");
        }
        return chatStream(request.messages(), request.options());
    }

    /** Returns the assistant's whole reply to {@code request}, with reasoning and tool calls. */
    default GenerationResult chat(ChatRequest request) {
        try (TokenStream stream = chatStream(request)) {
            return stream.result();
        }
    }

    /** Completes {@code prompt} and returns the whole result. */
    default GenerationResult generate(String prompt, GenerationOptions options) {
        try (TokenStream stream = generateStream(prompt, options)) {
            return stream.result();
        }
    }

    /** Completes {@code prompt} with the backend's default options. */
    default GenerationResult generate(String prompt) {
        return generate(prompt, GenerationOptions.DEFAULTS);
    }

    /** Completes {@code prompt}, handing each piece of text to {@code onToken} as it arrives. */
    default GenerationResult generate(String prompt, GenerationOptions options, Consumer<String> onToken) {
        try (TokenStream stream = generateStream(prompt, options)) {
            return stream.forEachToken(onToken);
        }
    }

    /** Returns the assistant's whole reply to {@code messages}. */
    default GenerationResult chat(List<ChatMessage> messages, GenerationOptions options) {
        try (TokenStream stream = chatStream(messages, options)) {
            return stream.result();
        }
    }

    /** Replies to {@code messages}, handing each piece of text to {@code onToken} as it arrives. */
    default GenerationResult chat(List<ChatMessage> messages, GenerationOptions options, Consumer<String> onToken) {
        try (TokenStream stream = chatStream(messages, options)) {
            return stream.forEachToken(onToken);
        }
    }

    /** "the &lt;backend&gt; backend with model &lt;model&gt;", for error messages. */
    private String describeForErrors() {
        return "the " + info().backend() + " backend with model " + info().model();
    }

    /**
     * Embeds each text.
     *
     * @throws UnsupportedCapabilityException when the backend or model has no embeddings
     */
    default EmbeddingResult embed(List<String> texts) {
        throw new UnsupportedCapabilityException(Capability.EMBEDDINGS,
                "backend '" + info().backend() + "' with model '" + info().model() + "' does not produce embeddings");
    }

    /**
     * This client as a backend-specific type ({@link ModelManagement}, or a backend's own client
     * class), when it is one. Mirrors {@code java.sql.Wrapper}.
     */
    default <T> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /** Frees the model or connections this client holds. Idempotent; never throws. */
    @Override
    void close();
}
