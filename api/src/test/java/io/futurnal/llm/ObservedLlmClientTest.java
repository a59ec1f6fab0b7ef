package io.futurnal.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.fakes.EchoClient;
import io.futurnal.llm.fakes.RecordingListener;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservedLlmClientTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    private LlmClient observed(LlmClient client, LlmListener... more) {
        List<LlmListener> listeners = new ArrayList<>(List.of(more));
        listeners.add(new RecordingListener(events));
        return LlmClients.observed(client, listeners);
    }

    @Test
    void aModelDownloadReachesEveryListenerEvenPastOneThatThrows() {
        List<String> heard = new CopyOnWriteArrayList<>();
        LlmListener broken = new LlmListener() {
            @Override
            public void onModelDownload(String backend, String model, PullProgress progress) {
                throw new IllegalStateException("broken listener");
            }
        };
        LlmListener recording = new LlmListener() {
            @Override
            public void onModelDownload(String backend, String model, PullProgress progress) {
                heard.add(backend + " " + model + " " + progress.status() + " " + progress.completed());
            }
        };
        LlmConfig config = LlmConfig.builder().environment(java.util.Map.of()).systemProperties(java.util.Map.of())
                .listener(broken).listener(recording).build();
        var reporter = LlmClients.modelDownloadReporter(config, "ollama");
        reporter.accept("qwen2.5:0.5b", new PullProgress("pulling", "sha256:1", 10, 5));
        reporter.accept("qwen2.5:0.5b", new PullProgress("success", null, 0, 0));
        assertEquals(List.of("ollama qwen2.5:0.5b pulling 5", "ollama qwen2.5:0.5b success 0"), heard);
    }

    @Test
    void aStreamedGenerationReportsStartFirstTokenAndFinishWithItsMetrics() {
        LlmClient client = observed(new EchoClient("echo", "m"));
        GenerationResult result = client.generate("one two three");
        assertEquals("one two three", result.text());
        assertEquals(List.of("start text_completion echo/m", "first text_completion echo/m",
                "finish text_completion echo/m STOP 3"), events);
    }

    @Test
    void chatIsReportedAsChat() {
        observed(new EchoClient("echo", "m")).chat(List.of(ChatMessage.user("hi there")), GenerationOptions.DEFAULTS);
        assertEquals("finish chat echo/m STOP 2", events.get(2));
    }

    @Test
    void aChatRequestReadAsEventsIsReportedLikeAStream() {
        LlmClient client = observed(new EchoClient("echo", "m"));
        try (TokenStream stream = client.chatStream(ChatRequest.of(ChatMessage.user("x y")))) {
            List<StreamEvent> seen = new ArrayList<>();
            stream.forEachEvent(seen::add);
            assertInstanceOf(StreamEvent.Finish.class, seen.get(seen.size() - 1));
        }
        assertEquals(List.of("start chat echo/m", "first chat echo/m", "finish chat echo/m STOP 2"), events);
    }

    @Test
    void aChatRequestWithToolsReachesTheWrappedClientsOwnImplementation() {
        List<ChatRequest> received = new ArrayList<>();
        LlmClient tools = new EchoClient("echo", "m") {
            @Override
            public TokenStream chatStream(ChatRequest request) {
                received.add(request);
                return generateStream("called", request.options());
            }
        };
        ChatRequest request = ChatRequest.builder().message(ChatMessage.user("weather?"))
                .tool(ToolDefinition.of("weather", "the weather", ToolDefinition.NO_PARAMETERS)).build();
        assertEquals("called", observed(tools).chat(request).text());
        assertEquals(List.of(request), received);
        assertEquals("finish chat echo/m STOP 1", events.get(2));
    }

    @Test
    void closingEarlyReportsACancelledFinishOnce() {
        LlmClient client = observed(new EchoClient("echo", "m"));
        try (TokenStream stream = client.generateStream("a b c d", GenerationOptions.DEFAULTS)) {
            stream.next();
        }
        assertEquals(List.of("start text_completion echo/m", "first text_completion echo/m",
                "finish text_completion echo/m CANCELLED 1"), events);
    }

    @Test
    void aFailingStreamReportsTheErrorOnceAndRethrowsIt() {
        LlmClient failing = new EchoClient("echo", "m") {
            @Override
            public TokenStream generateStream(String prompt, GenerationOptions options) {
                throw new BackendConnectionException("connection refused by 127.0.0.1:1; start the server", new java.io.IOException("refused"));
            }
        };
        LlmClient client = observed(failing);
        assertThrows(BackendConnectionException.class, () -> client.generate("x"));
        assertEquals(List.of("start text_completion echo/m", "error text_completion echo/m BackendConnectionException"), events);
    }

    @Test
    void embeddingsAreReported() {
        LlmClient embedding = new EchoClient("echo", "m") {
            @Override
            public EmbeddingResult embed(List<String> texts) {
                return new EmbeddingResult(texts.stream().map(t -> new float[] {1f}).toList(), "m", 2);
            }
        };
        observed(embedding).embed(List.of("a", "b"));
        assertEquals(List.of("start embeddings echo/m", "embeddings embeddings echo/m 2"), events);
    }

    @Test
    void unsupportedEmbeddingsAreReportedAsAnError() {
        LlmClient client = observed(new EchoClient("echo", "m"));
        assertThrows(UnsupportedCapabilityException.class, () -> client.embed(List.of("a")));
        assertEquals("error embeddings echo/m UnsupportedCapabilityException", events.get(1));
    }

    @Test
    void aListenerThatThrowsBreaksNeitherTheCallNorTheOtherListeners() {
        LlmListener broken = new LlmListener() {
            @Override
            public void onStart(LlmCall call) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onFinish(LlmCall call, GenerationResult result) {
                throw new LinkageError("missing class");
            }
        };
        GenerationResult result = observed(new EchoClient("echo", "m"), broken).generate("still works");
        assertEquals("still works", result.text());
        assertEquals(3, events.size());
    }

    @Test
    void perCallAttributesKeepStateBetweenEvents() {
        List<Long> seen = new CopyOnWriteArrayList<>();
        LlmListener timer = new LlmListener() {
            @Override
            public void onStart(LlmCall call) {
                call.setAttribute(this, call.id());
            }

            @Override
            public void onFinish(LlmCall call, GenerationResult result) {
                seen.add(call.attribute(this, Long.class).orElseThrow());
            }
        };
        LlmClient client = observed(new EchoClient("echo", "m"), timer);
        client.generate("a");
        client.generate("b");
        assertEquals(2, seen.size());
        assertTrue(seen.get(1) > seen.get(0));
    }

    @Test
    void unwrapReachesTheWrappedClientAndCloseClosesIt() {
        EchoClient echo = new EchoClient("echo", "m");
        LlmClient client = observed(echo);
        assertInstanceOf(EchoClient.class, client.unwrap(EchoClient.class).orElseThrow());
        client.close();
        assertTrue(echo.isClosed());
    }

    @Test
    void withoutListenersTheClientIsReturnedAsItIs() {
        EchoClient echo = new EchoClient("echo", "m");
        assertEquals(echo, LlmClients.observed(echo, List.of()));
    }

    @Test
    void listenersComeFromTheConfigBuilderAndFromServiceLoader(@TempDir Path dir) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(LlmListener.class.getName()), RecordingListener.class.getName() + "\n");
        RecordingListener.SERVICE_LOADED.clear();
        LlmConfig config = TestConfigs.withEnv("TEST_ALPHA_AVAILABLE", "true")
                .backend("alpha").listener(new RecordingListener(events)).build();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            thread.setContextClassLoader(loader);
            try (LlmClient client = LlmClients.create(config)) {
                client.generate("hello");
            }
        } finally {
            thread.setContextClassLoader(before);
        }
        assertEquals("finish text_completion alpha/echo-model STOP 1", events.get(2));
        assertEquals(events, RecordingListener.SERVICE_LOADED);
        assertEquals(1, config.toBuilder().build().listeners().size());
    }
}
