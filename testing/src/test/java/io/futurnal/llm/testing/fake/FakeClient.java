package io.futurnal.llm.testing.fake;

import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.spi.AbstractTokenStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An in-memory client: it answers text prompts with "fake reply to: PROMPT", word by word, and
 * JSON requests with {@code {"answer": 42}}. It refuses calls after it has been closed, so a test
 * that uses a closed shared client fails loudly.
 */
public final class FakeClient implements io.futurnal.llm.LlmClient {
    private final BackendInfo info;
    private final Set<Capability> capabilities;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int serial;

    FakeClient(String backend, String model, Set<Capability> capabilities) {
        this.info = new BackendInfo(backend, model);
        this.capabilities = Set.copyOf(capabilities);
        this.serial = FakeBackend.recordCreated(this);
    }

    /** Creation order within the run, from 1. */
    public int serial() {
        return serial;
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public TokenStream generateStream(String prompt, GenerationOptions options) {
        ensureOpen();
        String text = options.format() instanceof ResponseFormat.Text ? "fake reply to: " + prompt : "{\"answer\": 42}";
        return new WordStream(info, options, text);
    }

    @Override
    public TokenStream chatStream(List<ChatMessage> messages, GenerationOptions options) {
        ensureOpen();
        return generateStream(messages.isEmpty() ? "" : messages.get(messages.size() - 1).content(), options);
    }

    @Override
    public EmbeddingResult embed(List<String> texts) {
        ensureOpen();
        if (!capabilities.contains(Capability.EMBEDDINGS)) {
            return io.futurnal.llm.LlmClient.super.embed(texts);
        }
        return new EmbeddingResult(texts.stream().map(t -> new float[] {t.length(), 1f}).toList(), info.model(), 0);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            FakeBackend.recordClosed(this);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new LlmException("fake client #" + serial + " was used after it was closed");
        }
    }

    /** Streams the words of a fixed text, honouring maxTokens. */
    private static final class WordStream extends AbstractTokenStream {
        private final Deque<String> pieces;
        private final Integer maxTokens;
        private int emitted;

        WordStream(BackendInfo info, GenerationOptions options, String text) {
            super(info.backend(), info.model(), options);
            this.pieces = new ArrayDeque<>(Arrays.asList(text.split("(?<= )")));
            this.maxTokens = options.maxTokens();
        }

        @Override
        protected String fetchNext() {
            if (maxTokens != null && emitted >= maxTokens) {
                finish(FinishReason.LENGTH, GenerationMetrics.EMPTY);
                return null;
            }
            String piece = pieces.poll();
            if (piece == null) {
                finish(FinishReason.STOP, GenerationMetrics.EMPTY);
                return null;
            }
            emitted++;
            return piece;
        }

        @Override
        protected void release(boolean interrupted) {
            pieces.clear();
        }
    }
}
