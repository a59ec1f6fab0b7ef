package io.futurnal.llm.testserver.ollama;

import io.futurnal.llm.testserver.ScriptedPieces;
import io.futurnal.llm.testserver.StandaloneLauncher;
import io.futurnal.llm.testserver.StandaloneOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link FakeOllamaServer#main}: starts a fake Ollama on a loopback ephemeral port, prints
 * {@code OLLAMA_HOST=127.0.0.1:<port>} as the only line on stdout (so a script can
 * {@code eval} it), describes itself on stderr, and serves until killed or {@code --duration} ends.
 *
 * <pre>
 * --model NAME            an installed model (repeatable; default llama3.1:8b)
 * --answer TEXT           what every model answers, word by word (default a short greeting)
 * --tokens N              answer with N tokens " tok1" ... instead (for throughput runs)
 * --echo                  repeat the prompt instead of answering
 * --pullable NAME         a model /api/pull can fetch (repeatable; default qwen2.5:0.5b)
 * --embedding-dimensions N  width of the vectors /api/embed returns (default 16)
 * --chunk-delay 50ms      pause before each streamed chunk, pull progress included (default 0)
 * --api-key KEY           require this bearer token
 * --duration 10m          stop after this long (default: run until killed)
 * </pre>
 */
final class StandaloneOllama extends StandaloneLauncher<FakeOllamaServer> {

    static final String DEFAULT_MODEL = "llama3.1:8b";
    static final String DEFAULT_PULLABLE = "qwen2.5:0.5b";
    static final String DEFAULT_ANSWER = "Hello from the fake Ollama server.";

    private final List<String> pullable = new ArrayList<>();
    private int tokens;

    private StandaloneOllama() {
        super("fake-ollama", "usage: FakeOllamaServer [--model NAME]... [--answer TEXT | --tokens N | --echo]"
                + " [--pullable NAME]... [--embedding-dimensions N] [--chunk-delay 50ms] [--api-key KEY] [--duration 10m]",
                DEFAULT_MODEL, DEFAULT_ANSWER, 16);
    }

    /** Runs the server; returns the exit status (2 for bad arguments). */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        return new StandaloneOllama().serve(args, out, err);
    }

    @Override
    protected boolean ownOption(String option, Supplier<String> value) {
        switch (option) {
            case "--pullable" -> pullable.add(value.get());
            case "--tokens" -> tokens = Integer.parseInt(value.get());
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void check(StandaloneOptions options) {
        if (tokens < 0 || options.embeddingDimensions() < 1) {
            throw new IllegalArgumentException("--tokens must be 0 or more and --embedding-dimensions at least 1");
        }
    }

    @Override
    protected FakeOllamaServer start(StandaloneOptions options) {
        if (pullable.isEmpty()) {
            pullable.add(DEFAULT_PULLABLE);
        }
        List<ScriptedModel> models = new ArrayList<>();
        for (String name : options.models()) {
            models.add(model(name, options));
        }
        FakeOllamaServer server = FakeOllamaServer.start(models.toArray(ScriptedModel[]::new));
        for (String name : pullable) {
            server.addPullable(model(name, options));
        }
        return server;
    }

    @Override
    protected String addressLine(FakeOllamaServer server) {
        return "OLLAMA_HOST=" + server.hostAndPort();
    }

    @Override
    protected String description(FakeOllamaServer server, StandaloneOptions options) {
        return "fake Ollama at " + server.baseUri() + " with " + server.modelNames() + ", pullable " + pullable;
    }

    private ScriptedModel model(String name, StandaloneOptions options) {
        ScriptedModel m = options.echo() ? ScriptedModel.echo(name)
                : tokens > 0 ? ScriptedModel.counting(name, tokens)
                : ScriptedModel.of(name).withTokens(ScriptedPieces.words(options.answer()));
        return new ScriptedModel(m.name(), m.tokens(), m.echo(), m.thinking(), List.of("completion", "embedding"),
                m.family(), m.parameterSize(), m.quantization(), m.sizeBytes(), m.contextLength(),
                options.embeddingDimensions(), m.toolCalls());
    }
}
