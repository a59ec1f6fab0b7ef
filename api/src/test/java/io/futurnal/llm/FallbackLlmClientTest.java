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

    /** Available, but its create refuses: the model is not there. */
    static final class Refusing implements LlmBackendProvider {
        @Override
        public String id() {
            return "refusing";
        }

        @Override
        public int priority() {
            return 200;
        }

        @Override
        public ProbeResult probe(LlmConfig config) {
            return ProbeResult.available("up, but without the model");
        }

        @Override
        public LlmClient create(LlmConfig config) {
            throw new ModelNotFoundException("no such model here", "pull it");
        }
    }

    @Test
    void unwrapReachesTheBackendBehindTheFallbackWrapper() {
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_FALLBACK", "true").build();
        try (LlmClient client = LlmClients.create(config, BackendSelector.of(List.of(new Working(), new Unreachable())))) {
            assertTrue(client.unwrap(FallbackLlmClient.class).isPresent(), "fallback is on with two candidates");
            assertTrue(client.unwrap(EchoClient.class).isPresent(), "the wrapped backend's client is reachable");
        }
    }

    @Test
    void aProviderWhoseCreateRefusesHandsOverToTheNextCandidate() {
        Working working = new Working();
        BackendSelector.Opened opened = BackendSelector.of(List.of(new Refusing(), working)).open(TestConfigs.withEnv().build());
        try (LlmClient client = opened.client()) {
            assertEquals("working", client.info().backend());
            assertEquals(1, opened.refusals().size());
            assertTrue(opened.refusals().get(0).startsWith("refusing: model 'no such model here' not found"), opened.refusals().toString());
        }
    }

    @Test
    void anExplicitBackendIsNotReplacedWhenItsCreateRefuses() {
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", "refusing").build();
        assertThrows(ModelNotFoundException.class,
                () -> BackendSelector.of(List.of(new Refusing(), new Working())).open(config));
    }

    @Test
    void withoutProbeCreatesTheNamedBackendEvenWhenItsProbeWouldFail() {
        Unreachable unreachable = new Unreachable();
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", "unreachable").build();
        try (LlmClient client = BackendSelector.of(List.of(unreachable)).openWithoutProbe(config)) {
            assertEquals("unreachable", client.info().backend());
        }
        ConfigurationException auto = assertThrows(ConfigurationException.class,
                () -> BackendSelector.of(List.of(unreachable)).openWithoutProbe(TestConfigs.withEnv().build()));
        assertTrue(auto.getMessage().contains("Valid choices: unreachable"), auto.getMessage());
    }

    @Test
    void twoProvidersWithTheSameIdAreReportedNotShadowed() {
        BackendSelector twice = BackendSelector.of(List.of(new Working(), new Working()));
        assertEquals(1, twice.loadErrors().size());
        assertTrue(twice.loadErrors().get(0).contains("'working' is claimed by 2 providers"), twice.loadErrors().toString());
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_BACKEND", "working").build();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> twice.select(config));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
        assertTrue(twice.detect(TestConfigs.withEnv().build()).toTable().contains("claimed by 2 providers"));
    }
}
