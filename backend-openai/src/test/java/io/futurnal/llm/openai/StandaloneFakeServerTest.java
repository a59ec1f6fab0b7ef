package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.spi.ProbeResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code FakeOpenAiServer.main} in its own JVM, as the CLI demo uses it, driven through the front door. */
class StandaloneFakeServerTest {

    @Test
    void theStandaloneServerPrintsItsUrlAndServesTheBackendFromAnotherProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.futurnal.llm.testserver.openai.FakeOpenAiServer",
                "--model", "demo/model", "--answer", "Streaming from another process", "--chunk-delay", "5ms",
                "--duration", "60s")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            assertTrue(line != null && line.startsWith("FUTURNAL_OPENAI_BASE_URL=http://127.0.0.1:") && line.endsWith("/v1"),
                    "first stdout line: " + line);
            String url = line.substring("FUTURNAL_OPENAI_BASE_URL=".length());

            LlmConfig config = LlmConfig.builder().systemProperties(Map.of())
                    .environment(Map.of("FUTURNAL_OPENAI_BASE_URL", url, "FUTURNAL_LLM_PROBE_TIMEOUT", "3s")).build();
            ProbeResult probe = new OpenAiProvider().probe(config);
            assertTrue(probe.available(), probe.reason());
            assertEquals("OpenAI-compatible server at " + url + " serves demo/model", probe.reason());
            try (LlmClient client = LlmClients.create(config.toBuilder().backend("openai").build())) {
                List<String> pieces = new ArrayList<>();
                String text = client.generate("hi", GenerationOptions.DEFAULTS, pieces::add).text();
                assertEquals("Streaming from another process", text);
                assertEquals(List.of("Streaming", " from", " another", " process"), pieces);
                assertEquals(8, client.embed(List.of("a")).dimensions());
            }
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
