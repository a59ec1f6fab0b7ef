package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.SilentServer;
import io.futurnal.llm.testserver.openai.FakeOpenAiServer;
import io.futurnal.llm.testserver.openai.ServedModel;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest {

    private static final String KEY = "sk-test-0123456789abcdef";
    private final OpenAiProvider provider = new OpenAiProvider();

    @Test
    void isFoundThroughTheServiceLoaderWithItsIdAliasAndPriority() {
        LlmBackendProvider found = ServiceLoader.load(LlmBackendProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("openai")).findFirst().orElseThrow();
        assertInstanceOf(OpenAiProvider.class, found);
        assertEquals(80, found.priority());
        assertTrue(found.aliases().contains("openai-compatible"));
    }

    @Test
    void withoutABaseUrlItIsUnavailableAndSaysWhichVariableToSet() {
        ProbeResult r = provider.probe(TestConfigs.of());
        assertFalse(r.available());
        assertEquals("FUTURNAL_OPENAI_BASE_URL / OPENAI_BASE_URL is not set", r.reason());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> provider.create(TestConfigs.of()));
        assertTrue(e.getMessage().contains("http://127.0.0.1:8000/v1"), e.getMessage());
    }

    @Test
    void aMalformedBaseUrlIsAConfigurationError() {
        LlmConfig config = TestConfigs.of(OpenAiSettings.BASE_URL.name(), "127.0.0.1:8000/v1");
        ProbeResult r = provider.probe(config);
        assertFalse(r.available());
        assertTrue(r.reason().contains("futurnal.openai.base.url"), r.reason());
        assertThrows(ConfigurationException.class, () -> provider.create(config));
    }

    @Test
    void readsOpenAiBaseUrlWhenTheFuturnalKeyIsUnsetAndPrefersTheFuturnalKey() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("m1", "x"))) {
            LlmConfig fromEnv = LlmConfig.builder().systemProperties(Map.of())
                    .environment(Map.of("OPENAI_BASE_URL", server.openAiBaseUrl().toString())).build();
            assertTrue(provider.probe(fromEnv).available(), provider.probe(fromEnv).reason());

            LlmConfig both = LlmConfig.builder().systemProperties(Map.of()).environment(Map.of(
                    "OPENAI_BASE_URL", "http://127.0.0.1:" + SilentServer.unusedPort() + "/v1",
                    "FUTURNAL_OPENAI_BASE_URL", server.openAiBaseUrl() + "/")).build();
            ProbeResult r = provider.probe(both);
            assertTrue(r.available(), r.reason());
            assertEquals("OpenAI-compatible server at " + server.openAiBaseUrl() + " serves m1", r.reason());
        }
    }

    @Test
    void availableListsTheServedModelsAndChecksTheConfiguredOne() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("a/one", "x"), ServedModel.of("b/two", "y"))) {
            ProbeResult any = provider.probe(TestConfigs.forServer(server));
            assertTrue(any.available());
            assertTrue(any.reason().endsWith("serves a/one, b/two"), any.reason());

            ProbeResult served = provider.probe(TestConfigs.forServer(server, LlmConfig.MODEL, "b/two"));
            assertTrue(served.available());
            assertTrue(served.reason().contains("serves b/two (of a/one, b/two)"), served.reason());

            ProbeResult missing = provider.probe(TestConfigs.forServer(server, LlmConfig.MODEL, "c/three"));
            assertFalse(missing.available());
            assertTrue(missing.reason().contains("does not serve model 'c/three'; it serves a/one, b/two"), missing.reason());
            assertEquals("/v1/models", server.lastRequest("/v1/models").path());
            assertEquals("GET", server.lastRequest("/v1/models").method());
        }
    }

    @Test
    void aRegistryNameMatchesTheHuggingFaceIdTheServerServes() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("meta-llama/Llama-3.1-8B-Instruct", "Hi"))) {
            LlmConfig config = TestConfigs.forServer(server, LlmConfig.MODEL, "llama3.1:8b");
            assertTrue(provider.probe(config).available(), provider.probe(config).reason());
            try (LlmClient client = provider.create(config)) {
                assertEquals("meta-llama/Llama-3.1-8B-Instruct", client.info().model());
                assertEquals("Hi", client.generate("x").text());
                assertEquals("meta-llama/Llama-3.1-8B-Instruct", server.lastRequest("/v1/completions").field("model").asText());
            }
        }
    }

    @Test
    void aServedModelNameIsUsedAsItIsWhenTheServerUsesItInsteadOfTheHuggingFaceId() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("llama3.1:8b", "Hi"))) {
            try (LlmClient client = provider.create(TestConfigs.forServer(server, LlmConfig.MODEL, "llama3.1:8b"))) {
                assertEquals("llama3.1:8b", client.info().model());
            }
        }
    }

    @Test
    void withoutAConfiguredModelTheClientTakesTheFirstServedOne() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("first", "1"), ServedModel.of("second", "2"));
             LlmClient client = provider.create(TestConfigs.forServer(server))) {
            assertEquals("first", client.info().model());
            assertEquals(server.openAiBaseUrl().toString(), client.info().details().get("baseUrl"));
            assertEquals("not set", client.info().details().get("apiKey"));
        }
    }

    @Test
    void anEmptyModelListIsUnavailable() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            ProbeResult r = provider.probe(TestConfigs.forServer(server));
            assertFalse(r.available());
            assertTrue(r.reason().endsWith("lists no models under /models"), r.reason());
            assertThrows(BackendUnavailableException.class, () -> provider.create(TestConfigs.forServer(server)));
        }
    }

    @Test
    void theApiKeyIsSentAsBearerAndARefusalNeverShowsIt() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("m", "x"))) {
            server.requireBearerToken(KEY);

            ProbeResult none = provider.probe(TestConfigs.forServer(server));
            assertFalse(none.available());
            assertTrue(none.reason().contains("requires an API key (401)"), none.reason());

            ProbeResult wrong = provider.probe(TestConfigs.forServer(server, OpenAiSettings.API_KEY.name(), "sk-wrong-key-999"));
            assertFalse(wrong.available());
            assertTrue(wrong.reason().contains("refused the API key (401)"), wrong.reason());
            assertFalse(wrong.reason().contains("sk-wrong-key-999"), wrong.reason());

            LlmConfig fallbackKey = LlmConfig.builder().systemProperties(Map.of()).environment(Map.of(
                    "OPENAI_BASE_URL", server.openAiBaseUrl().toString(), "OPENAI_API_KEY", KEY)).build();
            ProbeResult right = provider.probe(fallbackKey);
            assertTrue(right.available(), right.reason());
            assertEquals("Bearer " + KEY, server.lastRequest("/v1/models").header("Authorization").orElseThrow());
            assertFalse(right.reason().contains(KEY));
        }
    }

    @Test
    void aRefusedConnectionIsUnavailableWithTheUrl() {
        String url = "http://127.0.0.1:" + SilentServer.unusedPort() + "/v1";
        ProbeResult r = provider.probe(TestConfigs.of(OpenAiSettings.BASE_URL.name(), url));
        assertFalse(r.available());
        assertTrue(r.reason().contains(url) && r.reason().contains("connection refused"), r.reason());
    }

    @Test
    void aServerThatNeverAnswersIsUnavailableWithinTheProbeTimeout() {
        try (SilentServer silent = new SilentServer()) {
            long start = System.nanoTime();
            ProbeResult r = provider.probe(TestConfigs.of(OpenAiSettings.BASE_URL.name(), silent.baseUri() + "/v1",
                    LlmConfig.PROBE_TIMEOUT, "300ms"));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertFalse(r.available());
            assertTrue(r.reason().contains("within 300 ms"), r.reason());
            assertTrue(millis < 1500, "the probe took " + millis + " ms");
        }
    }

    @Test
    void returnsAtOnceWhenInterrupted() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            LlmConfig config = TestConfigs.of(OpenAiSettings.BASE_URL.name(), silent.baseUri() + "/v1", LlmConfig.PROBE_TIMEOUT, "30s");
            CompletableFuture<ProbeResult> result = new CompletableFuture<>();
            Thread prober = new Thread(() -> result.complete(provider.probe(config)));
            prober.setDaemon(true);
            prober.start();
            while (silent.acceptedConnections() == 0) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            prober.interrupt();
            ProbeResult r = result.get(2, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - start < 1_000_000_000L);
            assertFalse(r.available());
            assertEquals("the probe of " + silent.baseUri() + "/v1/models was interrupted", r.reason());
        }
    }

    @Test
    void aBaseUrlWithoutV1GetsAHint() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("m", "x"))) {
            ProbeResult r = provider.probe(TestConfigs.of(OpenAiSettings.BASE_URL.name(), server.baseUri().toString()));
            assertFalse(r.available());
            assertTrue(r.reason().contains("HTTP 404") && r.reason().contains("/v1"), r.reason());
        }
    }

    @Test
    void anHtmlErrorPageIsUnavailableWithItsTitle() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("m", "x"))) {
            server.faults().next("/v1/models", Fault.htmlError(502));
            ProbeResult r = provider.probe(TestConfigs.forServer(server));
            assertFalse(r.available());
            assertTrue(r.reason().contains("HTTP 502") && r.reason().contains("502 Bad Gateway"), r.reason());
        }
    }

    @Test
    void theFrontDoorPicksOpenAiWhenAskedForByIdOrAlias() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of("m", "Hello", " there"))) {
            for (String id : new String[] {"openai", "openai-compatible"}) {
                try (LlmClient client = LlmClients.create(TestConfigs.forServer(server, LlmConfig.BACKEND, id,
                        LlmConfig.PROBE_TIMEOUT, "2s"))) {
                    assertEquals("openai", client.info().backend());
                    assertEquals("Hello there", client.generate("hi").text());
                }
            }
        }
    }
}
