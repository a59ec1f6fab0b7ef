package io.futurnal.llm.micrometer;

import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.spi.AbstractTokenStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Streams the prompt's words back and reports 7 prompt tokens; the prompt "missing" fails. */
final class WordClient implements LlmClient {
    @Override
    public BackendInfo info() {
        return new BackendInfo("words", "word-model");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CHAT);
    }

    @Override
    public TokenStream generateStream(String prompt, GenerationOptions options) {
        if (prompt.equals("missing")) {
            throw new ModelNotFoundException("missing", "pull it first");
        }
        ArrayDeque<String> words = new ArrayDeque<>(Arrays.asList(prompt.split("(?<= )")));
        return new AbstractTokenStream("words", "word-model", options) {
            @Override
            protected String fetchNext() {
                if (words.isEmpty()) {
                    finish(FinishReason.STOP, new GenerationMetrics(7, 0, Duration.ZERO, Duration.ZERO,
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
        return generateStream(messages.get(messages.size() - 1).content(), options);
    }

    @Override
    public void close() {
    }
}
