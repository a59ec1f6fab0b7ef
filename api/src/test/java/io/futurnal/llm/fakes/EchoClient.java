package io.futurnal.llm.fakes;

import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.spi.AbstractTokenStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** Streams the prompt back word by word; enough to exercise the api without a model. */
public class EchoClient implements LlmClient {
    private final String backend;
    private final String model;
    private final AtomicBoolean closed = new AtomicBoolean();

    public EchoClient(String backend, String model) {
        this.backend = backend;
        this.model = model;
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo(backend, model);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CHAT);
    }

    @Override
    public TokenStream generateStream(String prompt, GenerationOptions options) {
        Deque<String> words = new ArrayDeque<>();
        for (String w : prompt.split("(?<= )")) {
            words.add(w);
        }
        int limit = options.maxTokens() == null ? Integer.MAX_VALUE : options.maxTokens();
        return new AbstractTokenStream(backend, model, options) {
            private int emitted;

            @Override
            protected String fetchNext() {
                if (words.isEmpty()) {
                    finish(FinishReason.STOP, GenerationMetrics.EMPTY);
                    return null;
                }
                if (emitted == limit) {
                    finish(FinishReason.LENGTH, GenerationMetrics.EMPTY);
                    return null;
                }
                emitted++;
                return words.poll();
            }

            @Override
            protected void release(boolean interrupted) {
            }
        };
    }

    @Override
    public TokenStream chatStream(List<ChatMessage> messages, GenerationOptions options) {
        return generateStream(messages.get(messages.size() - 1).content(), options);
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
