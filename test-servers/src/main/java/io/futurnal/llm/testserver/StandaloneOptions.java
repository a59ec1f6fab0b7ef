package io.futurnal.llm.testserver;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The command-line options every fake server takes when it runs on its own (see
 * {@link StandaloneLauncher}).
 *
 * @param models              the models to serve ({@code --model}, repeatable), the server's default when none was given
 * @param answer              what every model answers ({@code --answer})
 * @param echo                whether models repeat the prompt instead ({@code --echo})
 * @param embeddingDimensions the width of the embeddings ({@code --embedding-dimensions})
 * @param chunkDelay          the pause before each streamed chunk ({@code --chunk-delay})
 * @param apiKey              the bearer token to require ({@code --api-key}), or empty
 * @param duration            how long to serve ({@code --duration}), or empty to serve until killed
 */
public record StandaloneOptions(List<String> models, String answer, boolean echo, int embeddingDimensions,
                                Duration chunkDelay, Optional<String> apiKey, Optional<Duration> duration) {

    /** Copies the list and checks that nothing is null. */
    public StandaloneOptions {
        models = List.copyOf(models);
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(chunkDelay, "chunkDelay");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(duration, "duration");
    }
}
