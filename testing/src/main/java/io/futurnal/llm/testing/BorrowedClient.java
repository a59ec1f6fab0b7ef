package io.futurnal.llm.testing;

import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.TokenStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client as tests see it: every call goes to the extension's client, except {@link #close()},
 * which does nothing. A test that closes its injected client (try-with-resources is a habit) must
 * not close it for every other class sharing it; the extension closes the real one.
 */
final class BorrowedClient implements LlmClient {
    private static final Logger LOG = LoggerFactory.getLogger(BorrowedClient.class);

    private final LlmClient owner;

    BorrowedClient(LlmClient owner) {
        this.owner = owner;
    }

    @Override
    public BackendInfo info() {
        return owner.info();
    }

    @Override
    public Set<Capability> capabilities() {
        return owner.capabilities();
    }

    @Override
    public TokenStream generateStream(String prompt, GenerationOptions options) {
        return owner.generateStream(prompt, options);
    }

    @Override
    public TokenStream chatStream(List<ChatMessage> messages, GenerationOptions options) {
        return owner.chatStream(messages, options);
    }

    @Override
    public TokenStream chatStream(ChatRequest request) {
        return owner.chatStream(request);
    }

    @Override
    public GenerationResult chat(ChatRequest request) {
        return owner.chat(request);
    }

    @Override
    public GenerationResult generate(String prompt, GenerationOptions options) {
        return owner.generate(prompt, options);
    }

    @Override
    public GenerationResult generate(String prompt) {
        return owner.generate(prompt);
    }

    @Override
    public GenerationResult generate(String prompt, GenerationOptions options, Consumer<String> onToken) {
        return owner.generate(prompt, options, onToken);
    }

    @Override
    public GenerationResult chat(List<ChatMessage> messages, GenerationOptions options) {
        return owner.chat(messages, options);
    }

    @Override
    public GenerationResult chat(List<ChatMessage> messages, GenerationOptions options, Consumer<String> onToken) {
        return owner.chat(messages, options, onToken);
    }

    @Override
    public EmbeddingResult embed(List<String> texts) {
        return owner.embed(texts);
    }

    /** The backend's own types ({@code ModelManagement}, its client class) come from the real client. */
    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : owner.unwrap(type);
    }

    /** Does nothing: the extension owns the client and closes it when its scope ends. */
    @Override
    public void close() {
        LOG.debug("ignoring close() on the test client for backend '{}'; the extension closes it", owner.info().backend());
    }

    @Override
    public String toString() {
        return "LlmClient[" + owner.info().backend() + ", " + owner.info().model() + "]";
    }
}
