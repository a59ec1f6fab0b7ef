package io.futurnal.llm.spring;

import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.spi.AbstractTokenStream;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend for wiring tests: available when {@code test.scripted.available} is true and
 * {@link #REACHABLE} is set; its client answers "Hello from scripted" and counts closes.
 */
public final class ScriptedBackend implements LlmBackendProvider {
    static final AtomicBoolean REACHABLE = new AtomicBoolean(true);
    static final AtomicInteger CLOSED = new AtomicInteger();

    @Override
    public String id() {
        return "scripted";
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public ProbeResult probe(LlmConfig config) {
        return config.getBoolean("test.scripted.available", false) && REACHABLE.get()
                ? ProbeResult.available("scripted for the test")
                : ProbeResult.unavailable("scripted away");
    }

    @Override
    public LlmClient create(LlmConfig config) {
        String model = config.model().orElse("scripted-model");
        return new LlmClient() {
            @Override
            public BackendInfo info() {
                return new BackendInfo("scripted", model);
            }

            @Override
            public Set<Capability> capabilities() {
                return Set.of(Capability.CHAT);
            }

            @Override
            public TokenStream generateStream(String prompt, GenerationOptions options) {
                ArrayDeque<String> words = new ArrayDeque<>(List.of("Hello", " from", " scripted"));
                return new AbstractTokenStream("scripted", model, options) {
                    @Override
                    protected String fetchNext() {
                        if (words.isEmpty()) {
                            finish(FinishReason.STOP, new GenerationMetrics(5, 3, Duration.ZERO, Duration.ZERO,
                                    Duration.ZERO, Duration.ZERO, Duration.ZERO));
                            return null;
                        }
                        return words.poll();
                    }

                    @Override
                    protected void release(boolean interrupted) {
                    }
                };
            }

            @Override
            public TokenStream chatStream(List<ChatMessage> messages, GenerationOptions options) {
                return generateStream("", options);
            }

            @Override
            public void close() {
                CLOSED.incrementAndGet();
            }
        };
    }
}
