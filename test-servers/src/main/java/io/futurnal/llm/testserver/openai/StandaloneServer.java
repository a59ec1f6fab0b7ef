package io.futurnal.llm.testserver.openai;

import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
final class StandaloneServer {

    static final String DEFAULT_MODEL = "futurnal/fake-llm";
    static final String DEFAULT_ANSWER = "Hello from the fake OpenAI-compatible server.";

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private StandaloneServer() {
    }

    /** Runs the server; returns the exit status (2 for bad arguments). */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        String answer = DEFAULT_ANSWER;
        boolean echo = false;
        int dimensions = 8;
        Duration chunkDelay = Duration.ZERO;
        String apiKey = null;
        Duration duration = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--model" -> ids.add(value(args, ++i, a));
                    case "--answer" -> answer = value(args, ++i, a);
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
            if (dimensions < 0) {
                throw new IllegalArgumentException("--embedding-dimensions must be 0 or more");
            }
        } catch (IllegalArgumentException e) {
            err.println("fake-openai: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        if (ids.isEmpty()) {
            ids.add(DEFAULT_MODEL);
        }
        List<ServedModel> models = new ArrayList<>();
        for (String id : ids) {
            ServedModel m = echo ? ServedModel.echo(id)
                    : new ServedModel(id, ScriptedAnswer.words(answer), false, 0, 4096);
            models.add(dimensions > 0 ? m.withEmbeddings(dimensions) : m);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        FakeOpenAiServer server = FakeOpenAiServer.start(models.toArray(ServedModel[]::new));
        server.chunkDelay(chunkDelay);
        server.recordRequests(false);
        if (apiKey != null) {
            server.requireBearerToken(apiKey);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "fake-openai-shutdown"));
        out.println("FUTURNAL_OPENAI_BASE_URL=" + server.openAiBaseUrl());
        out.flush();
        err.println("fake OpenAI-compatible server at " + server.openAiBaseUrl() + " serving " + ids
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

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
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
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 30s, 5m or PT1H");
        }
    }

    private static String usage() {
        return "usage: FakeOpenAiServer [--model ID]... [--answer TEXT] [--echo] [--embedding-dimensions N]"
                + " [--chunk-delay 50ms] [--api-key KEY] [--duration 10m]";
    }
}
