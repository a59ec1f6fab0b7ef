package io.futurnal.llm.testserver.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StandaloneOllamaTest {

    @Test
    void printsOnlyTheHostOnStdoutAndStopsAfterItsDuration() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = StandaloneOllama.run(new String[] {"--model", "phi3:mini", "--tokens", "3", "--duration", "200ms"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status);
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.matches("OLLAMA_HOST=127\\.0\\.0\\.1:\\d+\\R"), line);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("[phi3:mini]"));
    }

    @Test
    void badArgumentsExitWithTwoAndTheUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = StandaloneOllama.run(new String[] {"--chunk-delay", "soon"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: FakeOllamaServer"));
    }
}
