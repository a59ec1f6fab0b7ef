package io.futurnal.llm.llamacpp;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * A program run in a child JVM by {@link JvmExitTest}: it loads the bundled model, prints a greedy
 * continuation, closes the client and returns from {@code main}.
 *
 * <p>Arguments: a mode ({@code return}, {@code throw} or {@code no-guard}) and the cache directory.
 */
public final class ExitChild {

    private ExitChild() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        LlmConfig config = LlmConfig.builder()
                .environment(Map.of())
                .cacheDirectory(Path.of(args[1]))
                .set(LlamaCppSettings.THREADS.name(), "2")
                .set(LlamaCppSettings.EXIT_GUARD.name(), Boolean.toString(!mode.equals("no-guard")))
                .build();
        try (LlmClient client = new LlamaCppProvider().create(config)) {
            GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).maxTokens(8).build();
            System.out.println(client.generate("Once upon a time", greedy).text());
        }
        if (mode.equals("throw")) {
            throw new IllegalStateException("a deliberate failure after the client was closed");
        }
    }
}
