package io.futurnal.llm.testserver.ollama;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
final class StandaloneOllama {

    static final String DEFAULT_MODEL = "llama3.1:8b";
    static final String DEFAULT_PULLABLE = "qwen2.5:0.5b";
    static final String DEFAULT_ANSWER = "Hello from the fake Ollama server.";

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private StandaloneOllama() {
    }

    /** Runs the server; returns the exit status (2 for bad arguments). */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        List<String> names = new ArrayList<>();
        List<String> pullable = new ArrayList<>();
        String answer = DEFAULT_ANSWER;
        int tokens = 0;
        boolean echo = false;
        int dimensions = 16;
        Duration chunkDelay = Duration.ZERO;
        String apiKey = null;
        Duration duration = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--model" -> names.add(value(args, ++i, a));
                    case "--pullable" -> pullable.add(value(args, ++i, a));
                    case "--answer" -> answer = value(args, ++i, a);
                    case "--tokens" -> tokens = Integer.parseInt(value(args, ++i, a));
                    case "--echo" -> echo = true;
                    case "--embedding-dimensions" -> dimensions = Integer.parseInt(value(args, ++i, a));
                    case "--chunk-delay" -> chunkDelay = duration(value(args, ++i, a));
                    case "--api-key" -> apiKey = value(args, ++i, a);
                    case "--duration" -> duration = duration(value(args, ++i, a));
                    case "--help", "-h" -> {
                        err.println(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
            if (tokens < 0 || dimensions < 1) {
                throw new IllegalArgumentException("--tokens must be 0 or more and --embedding-dimensions at least 1");
            }
        } catch (IllegalArgumentException e) {
            err.println("fake-ollama: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        if (names.isEmpty()) {
            names.add(DEFAULT_MODEL);
        }
        if (pullable.isEmpty()) {
            pullable.add(DEFAULT_PULLABLE);
        }
        List<ScriptedModel> models = new ArrayList<>();
        for (String name : names) {
            models.add(model(name, answer, tokens, echo, dimensions));
        }
        FakeOllamaServer server = FakeOllamaServer.start(models.toArray(ScriptedModel[]::new));
        for (String name : pullable) {
            server.addPullable(model(name, answer, tokens, echo, dimensions));
        }
        server.chunkDelay(chunkDelay);
        server.recordRequests(false);
        if (apiKey != null) {
            server.requireBearerToken(apiKey);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "fake-ollama-shutdown"));
        out.println("OLLAMA_HOST=" + server.hostAndPort());
        out.flush();
        err.println("fake Ollama at " + server.baseUri() + " with " + server.modelNames() + ", pullable " + pullable
                + (apiKey == null ? "" : " (API key required)")
                + (duration == null ? "; stop it with Ctrl-C" : " for " + duration.toMillis() + " ms"));
        if (duration == null) {
            stopped.await();
        } else {
            stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        }
        server.close();
        return 0;
    }

    private static ScriptedModel model(String name, String answer, int tokens, boolean echo, int dimensions) {
        ScriptedModel m = echo ? ScriptedModel.echo(name)
                : tokens > 0 ? ScriptedModel.counting(name, tokens)
                : ScriptedModel.of(name).withTokens(GenerationScript.words(answer));
        return new ScriptedModel(m.name(), m.tokens(), m.echo(), m.thinking(), List.of("completion", "embedding"),
                m.family(), m.parameterSize(), m.quantization(), m.sizeBytes(), m.contextLength(), dimensions);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 30s or 5m");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    private static String usage() {
        return "usage: FakeOllamaServer [--model NAME]... [--answer TEXT | --tokens N | --echo] [--pullable NAME]..."
                + " [--embedding-dimensions N] [--chunk-delay 50ms] [--api-key KEY] [--duration 10m]";
    }
}
