package io.futurnal.llm.bench.fake;

import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.spi.AbstractTokenStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A client that "generates" a fixed word per token with a set delay, for the bench's own tests. */
final class FakeClient implements LlmClient {
    private static final int PROMPT_TOKENS = 4;

    private final String backend;
    private final long tokenDelayMillis;
    private final boolean reportsPromptTime;

    FakeClient(String backend, long tokenDelayMillis, boolean reportsPromptTime) {
        this.backend = backend;
        this.tokenDelayMillis = tokenDelayMillis;
        this.reportsPromptTime = reportsPromptTime;
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo(backend, "/models/fake-story.gguf", Map.of("threads", "1"));
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public TokenStream generateStream(String prompt, GenerationOptions options) {
        int limit = options.maxTokens() == null ? 16 : options.maxTokens();
        return new AbstractTokenStream(backend, "fake-story", options) {
            private int produced;

            @Override
            protected String fetchNext() {
                if (produced == limit) {
                    Duration promptTime = reportsPromptTime ? Duration.ofMillis(2) : Duration.ZERO;
                    finish(FinishReason.LENGTH, new GenerationMetrics(PROMPT_TOKENS, produced, Duration.ZERO,
                            Duration.ZERO, promptTime, Duration.ZERO, Duration.ZERO));
                    return null;
                }
                pause(tokenDelayMillis);
                produced++;
                return produced == 1 ? "Once" : " more";
            }

            @Override
            protected void release(boolean interrupted) {
                // nothing is held
            }
        };
    }

    @Override
    public TokenStream chatStream(List<ChatMessage> messages, GenerationOptions options) {
        return generateStream(messages.get(messages.size() - 1).content(), options);
    }

    @Override
    public void close() {
        // nothing is held
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
