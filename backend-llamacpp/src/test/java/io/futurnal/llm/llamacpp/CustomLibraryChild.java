package io.futurnal.llm.llamacpp;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * A program run in a child JVM by {@link CustomLibraryTest}, since a JVM loads the native library
 * only once: it points {@code FUTURNAL_LLAMACPP_LIBRARY} at the given file, probes, loads the
 * bundled model and prints a greedy continuation.
 *
 * <p>Arguments: the cache directory and the library. Prints {@code probe: <reason>}, {@code text:
 * <continuation>} and {@code detail: <the client's native detail>}; a library that does not load
 * prints {@code unavailable: <message>} and exits with 3.
 */
public final class CustomLibraryChild {

    private CustomLibraryChild() {
    }

    public static void main(String[] args) {
        LlmConfig config = LlmConfig.builder()
                .environment(Map.of("FUTURNAL_LLAMACPP_LIBRARY", args[1]))
                .systemProperties(Map.of())
                .cacheDirectory(Path.of(args[0]))
                .set(LlamaCppSettings.THREADS.name(), "2")
                .build();
        LlamaCppProvider provider = new LlamaCppProvider();
        System.out.println("probe: " + provider.probe(config).reason());
        try (LlmClient client = provider.create(config)) {
            GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).maxTokens(8).build();
            System.out.println("text: " + client.generate("Once upon a time", greedy).text().replace('\n', ' '));
            System.out.println("detail: " + client.info().details().get("native"));
        } catch (BackendUnavailableException e) {
            System.out.println("unavailable: " + e.getMessage());
            System.exit(3);
        }
    }
}
