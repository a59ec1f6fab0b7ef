package io.futurnal.llm.testserver.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StandaloneServerTest {

    @Test
    void printsOnlyTheBaseUrlOnStdoutAndStopsAfterItsDuration() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = StandaloneServer.run(new String[] {"--model", "demo/m", "--echo", "--duration", "200ms"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status);
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.matches("FUTURNAL_OPENAI_BASE_URL=http://127\\.0\\.0\\.1:\\d+/v1\\R"), line);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("serving [demo/m] for 200 ms"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void negativeEmbeddingDimensionsExitWithTwoAndTheUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = StandaloneServer.run(new String[] {"--embedding-dimensions", "-1"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("fake-openai: --embedding-dimensions must be 0 or more"), text);
        assertTrue(text.contains("usage: FakeOpenAiServer"), text);
    }
}
