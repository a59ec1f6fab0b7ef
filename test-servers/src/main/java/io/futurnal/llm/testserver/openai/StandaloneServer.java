package io.futurnal.llm.testserver.openai;

import io.futurnal.llm.testserver.ScriptedPieces;
import io.futurnal.llm.testserver.StandaloneLauncher;
import io.futurnal.llm.testserver.StandaloneOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link FakeOpenAiServer#main}: starts a server on a loopback ephemeral port, prints
 * {@code FUTURNAL_OPENAI_BASE_URL=http://127.0.0.1:<port>/v1} as the only line on stdout (so a
 * script can read it), says what it serves on stderr, and serves until killed or until
 * {@code --duration} has passed.
 *
 * <pre>
 * --model ID              a model to serve (repeatable; default futurnal/fake-llm)
 * --answer TEXT           what every model answers, streamed word by word
 * --echo                  repeat the prompt instead of answering
 * --embedding-dimensions N  width of the embeddings every model also serves (default 8; 0 for none)
 * --chunk-delay 50ms      pause before each streamed chunk (default 0)
 * --api-key KEY           require this bearer token
 * --duration 10m          stop after this long (default: run until killed)
 * </pre>
 */
final class StandaloneServer extends StandaloneLauncher<FakeOpenAiServer> {

    static final String DEFAULT_MODEL = "futurnal/fake-llm";
    static final String DEFAULT_ANSWER = "Hello from the fake OpenAI-compatible server.";

    private StandaloneServer() {
        super("fake-openai", "usage: FakeOpenAiServer [--model ID]... [--answer TEXT] [--echo] [--embedding-dimensions N]"
                + " [--chunk-delay 50ms] [--api-key KEY] [--duration 10m]", DEFAULT_MODEL, DEFAULT_ANSWER, 8);
    }

    /** Runs the server; returns the exit status (2 for bad arguments). */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        return new StandaloneServer().serve(args, out, err);
    }

    @Override
    protected void check(StandaloneOptions options) {
        if (options.embeddingDimensions() < 0) {
            throw new IllegalArgumentException("--embedding-dimensions must be 0 or more");
        }
    }

    @Override
    protected FakeOpenAiServer start(StandaloneOptions options) {
        List<ServedModel> models = new ArrayList<>();
        int dimensions = options.embeddingDimensions();
        for (String id : options.models()) {
            ServedModel m = options.echo() ? ServedModel.echo(id)
                    : new ServedModel(id, ScriptedPieces.words(options.answer()), false, 0, 4096, null, null);
            models.add(dimensions > 0 ? m.withEmbeddings(dimensions) : m);
        }
        return FakeOpenAiServer.start(models.toArray(ServedModel[]::new));
    }

    @Override
    protected String addressLine(FakeOpenAiServer server) {
        return "FUTURNAL_OPENAI_BASE_URL=" + server.openAiBaseUrl();
    }

    @Override
    protected String description(FakeOpenAiServer server, StandaloneOptions options) {
        return "fake OpenAI-compatible server at " + server.openAiBaseUrl() + " serving " + options.models();
    }
}
