package io.futurnal.llm.cli;

import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmCall;
import io.futurnal.llm.LlmListener;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the result of the last finished call, for {@code --stats}: the CLI reads the same
 * listener events as the metrics integrations. It prints after the text, not from the event, so
 * the stats line never lands inside the streamed output.
 */
final class StatsListener implements LlmListener {
    private final AtomicReference<GenerationResult> last = new AtomicReference<>();

    @Override
    public void onFinish(LlmCall call, GenerationResult result) {
        last.set(result);
    }

    Optional<GenerationResult> last() {
        return Optional.ofNullable(last.get());
    }
}
