package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.ContextLengthExceededException;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.spi.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe tells "the user's model or setting is wrong" (a typed problem the selector rethrows)
 * apart from "nothing is there"; a prompt that fills the context is a typed request error.
 */
@Timeout(60)
class ProbeProblemsTest {

    @TempDir
    Path temp;

    @Test
    void aCorruptConfigIsATypedProblem() throws IOException {
        Path dir = TestModels.copyAll(temp.resolve("model"));
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"hidden_size\": 64", "\"hidden_size\": -64"));
        ProbeResult probe = probe(Map.of(HfSettings.MODEL_DIR.name(), dir.toString()));
        assertFalse(probe.available());
        InvalidModelFileException problem = assertInstanceOf(InvalidModelFileException.class,
                probe.typedProblem().orElseThrow(() -> new AssertionError(probe.reason())));
        assertTrue(problem.getMessage().contains("hidden_size") && problem.getMessage().contains("config.json"),
                problem.getMessage());
    }

    @Test
    void truncatedWeightsAreATypedProblem() throws IOException {
        Path dir = TestModels.copyAll(temp.resolve("model"));
        Path weights = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        ProbeResult probe = probe(Map.of(HfSettings.MODEL_DIR.name(), dir.toString()));
        assertInstanceOf(InvalidModelFileException.class, probe.typedProblem().orElseThrow());
        assertTrue(probe.reason().contains("model.safetensors"), probe.reason());
    }

    @Test
    void aBadSettingIsATypedConfigurationProblem() {
        ProbeResult probe = probe(Map.of(HfSettings.CONTEXT.name(), "lots"));
        assertFalse(probe.available());
        assertInstanceOf(ConfigurationException.class, probe.typedProblem().orElseThrow(() -> new AssertionError(probe.reason())));
        assertTrue(probe.reason().contains(HfSettings.CONTEXT.name()) || probe.reason().contains("lots"), probe.reason());
    }

    @Test
    void aMissingDirectoryIsMerelyUnavailable() {
        Path missing = temp.resolve("nowhere");
        ProbeResult probe = probe(Map.of(HfSettings.MODEL_DIR.name(), missing.toString()));
        assertFalse(probe.available());
        assertTrue(probe.typedProblem().isEmpty(), "absence is not the user's error: " + probe.reason());
        assertTrue(probe.reason().contains(missing.toString()), probe.reason());
    }

    @Test
    void aPromptThatFillsTheContextIsContextLengthExceeded() {
        try (HfClient client = (HfClient) new HfProvider().create(TestModels.config(Map.of(HfSettings.CONTEXT.name(), "32")))) {
            GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).maxTokens(4).build();
            ContextLengthExceededException e = assertThrows(ContextLengthExceededException.class,
                    () -> client.generate("word ".repeat(100), greedy));
            assertTrue(e.getMessage().contains("context holds 32") && e.getMessage().contains(HfSettings.CONTEXT.environmentName()),
                    e.getMessage());
            int[] longPrompt = new int[32];
            java.util.Arrays.fill(longPrompt, 1);
            assertThrows(ContextLengthExceededException.class, () -> client.generateTokens(longPrompt, greedy));
            assertThrows(ContextLengthExceededException.class, () -> client.nextTokenLogits(longPrompt));
            // a prompt that fits still generates, capped at the context's end
            assertTrue(client.generateTokens(new int[] {1, 2, 3}, greedy).length <= 4);
        }
    }

    private static ProbeResult probe(Map<String, String> settings) {
        return new HfProvider().probe(TestModels.config(settings));
    }
}
