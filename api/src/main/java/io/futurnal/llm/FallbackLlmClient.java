package io.futurnal.llm;

import io.futurnal.llm.spi.LlmBackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call-time fallback: a call whose backend cannot be reached (a {@link BackendConnectionException}
 * before any text arrived) moves to the next available backend in priority order. Clients for the
 * later backends are created only when needed.
 */
final class FallbackLlmClient implements LlmClient {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackLlmClient.class);

    private final List<LlmBackendProvider> order;
    private final LlmConfig config;
    private final LlmClient[] clients;

    /** {@code first} is the client already created for {@code order.get(0)}. */
    FallbackLlmClient(List<LlmBackendProvider> order, LlmConfig config, LlmClient first) {
        this.order = List.copyOf(order);
        this.config = config;
        this.clients = new LlmClient[order.size()];
        this.clients[0] = first;
    }

    /** This wrapper, or else what the first backend's client unwraps to (e.g. its model management). */
    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return Optional.of(type.cast(this));
        }
        return client(0).unwrap(type);
    }

    @Override
    public BackendInfo info() {
        return client(0).info();
    }

    @Override
    public Set<Capability> capabilities() {
        return client(0).capabilities();
    }

    @Override
    public TokenStream generateStream(String prompt, GenerationOptions options) {
        return firstThatConnects(c -> primed(c.generateStream(prompt, options)));
    }

    @Override
    public TokenStream chatStream(List<ChatMessage> messages, GenerationOptions options) {
        return firstThatConnects(c -> primed(c.chatStream(messages, options)));
    }

    @Override
    public TokenStream chatStream(ChatRequest request) {
        return firstThatConnects(c -> primed(c.chatStream(request)));
    }

    @Override
    public GenerationResult chat(ChatRequest request) {
        try (TokenStream stream = chatStream(request)) {
            return stream.result();
        }
    }

    @Override
    public EmbeddingResult embed(List<String> texts) {
        return firstThatConnects(c -> c.embed(texts));
    }

    @Override
    public void close() {
        List<LlmClient> open = new ArrayList<>();
        synchronized (clients) {
            for (int i = 0; i < clients.length; i++) {
                if (clients[i] != null) {
                    open.add(clients[i]);
                    clients[i] = null;
                }
            }
        }
        open.forEach(LlmClient::close);
    }

    private static TokenStream primed(TokenStream stream) {
        try {
            stream.hasNext();
            return stream;
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    private <T> T firstThatConnects(Function<LlmClient, T> call) {
        BackendConnectionException last = null;
        for (int i = 0; i < order.size(); i++) {
            try {
                return call.apply(client(i));
            } catch (BackendConnectionException e) {
                last = e;
                if (i + 1 < order.size()) {
                    LOG.warn("backend '{}' failed to connect ({}); falling back to '{}'",
                            order.get(i).id(), e.getMessage(), order.get(i + 1).id());
                }
            }
        }
        throw last;
    }

    private LlmClient client(int i) {
        synchronized (clients) {
            if (clients[i] == null) {
                clients[i] = order.get(i).create(config);
            }
            return clients[i];
        }
    }
}
