package io.futurnal.llm.testserver.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Nagle's algorithm with the client's delayed ACK would add about 40 ms to every small answer. */
class NoDelayTest {

    @Test
    void theJdkServerUnderTheFakeServersRunsWithNoDelay() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"));
        }
    }
}
