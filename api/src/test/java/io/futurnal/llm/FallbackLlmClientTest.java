package io.futurnal.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.fakes.EchoClient;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FallbackLlmClientTest {

    /** Available, but every call fails to connect. */
    static final class Unreachable implements LlmBackendProvider {
        final AtomicInteger created = new AtomicInteger();

        @Override
        public String id() {
            return "unreachable";
        }

        @Override
        public int priority() {
            return 100;
        }

        @Override
        public ProbeResult probe(LlmConfig config) {
            return ProbeResult.available("pretends to be up");
        }

        @Override
        public LlmClient create(LlmConfig config) {
            created.incrementAndGet();
            return new EchoClient("unreachable", "m") {
                @Override
                public TokenStream generateStream(String prompt, GenerationOptions options) {
                    throw new BackendConnectionException("connection refused by 127.0.0.1:1", null);
                }
            };
        }
    }

    static final class Working implements LlmBackendProvider {
        final AtomicInteger created = new AtomicInteger();

        @Override
        public String id() {
            return "working";
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public ProbeResult probe(LlmConfig config) {
            return ProbeResult.available("up");
        }

        @Override
        public LlmClient create(LlmConfig config) {
            created.incrementAndGet();
            return new EchoClient("working", "m");
        }
    }

    @Test
    void aConnectionFailureMovesTheCallToTheNextAvailableBackend() {
        Unreachable first = new Unreachable();
        Working second = new Working();
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_FALLBACK", "true").build();
        try (LlmClient client = LlmClients.create(config, BackendSelector.of(List.of(second, first)))) {
            assertEquals("unreachable", client.info().backend());
            assertEquals(0, second.created.get(), "later backends are created lazily");
            GenerationResult r = client.generate("a b", GenerationOptions.DEFAULTS);
            assertEquals("a b", r.text());
            assertEquals("working", r.backend());
            assertEquals(1, second.created.get());
        }
    }

    @Test
    void withoutFallbackTheConnectionErrorSurfaces() {
        LlmConfig config = TestConfigs.withEnv().build();
        try (LlmClient client = LlmClients.create(config, BackendSelector.of(List.of(new Working(), new Unreachable())))) {
            BackendConnectionException e = assertThrows(BackendConnectionException.class, () -> client.generate("x"));
            assertTrue(e.isRetryable());
        }
    }
}
