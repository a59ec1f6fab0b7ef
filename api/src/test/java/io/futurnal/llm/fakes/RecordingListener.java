package io.futurnal.llm.fakes;

import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmCall;
import io.futurnal.llm.LlmListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Writes each event as a line, e.g. {@code finish chat echo/m STOP 3}. */
public class RecordingListener implements LlmListener {
    /** Events seen by instances that ServiceLoader made (it cannot hand them to a test). */
    public static final List<String> SERVICE_LOADED = new CopyOnWriteArrayList<>();

    public final List<String> events;

    public RecordingListener() {
        this(SERVICE_LOADED);
    }

    public RecordingListener(List<String> events) {
        this.events = events;
    }

    private String call(LlmCall c) {
        return c.operation().semanticName() + " " + c.backend() + "/" + c.model();
    }

    @Override
    public void onStart(LlmCall call) {
        events.add("start " + call(call));
    }

    @Override
    public void onFirstToken(LlmCall call, Duration timeToFirstToken) {
        events.add("first " + call(call) + (timeToFirstToken.isNegative() ? " negative" : ""));
    }

    @Override
    public void onFinish(LlmCall call, GenerationResult result) {
        events.add("finish " + call(call) + " " + result.finishReason() + " " + result.metrics().generatedTokens());
    }

    @Override
    public void onEmbeddings(LlmCall call, EmbeddingResult result) {
        events.add("embeddings " + call(call) + " " + result.vectors().size());
    }

    @Override
    public void onError(LlmCall call, Throwable error) {
        events.add("error " + call(call) + " " + error.getClass().getSimpleName());
    }
}
