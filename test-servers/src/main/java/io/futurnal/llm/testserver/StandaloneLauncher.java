package io.futurnal.llm.testserver;

import io.futurnal.llm.LlmConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a fake server's {@code main} shares with the others: reading the common options
 * ({@code --model}, {@code --answer}, {@code --echo}, {@code --embedding-dimensions},
 * {@code --chunk-delay}, {@code --api-key}, {@code --duration}, {@code --help}), then serving until
 * the JVM is killed or the duration has passed, with exactly one line on stdout that tells a script
 * where the server is. A subclass adds its own options, checks, start and wording; use one instance
 * per run, since its own options are kept in its fields.
 *
 * @param <S> the server it runs
 */
public abstract class StandaloneLauncher<S extends FakeHttpServer> {

    private final String name;
    private final String usage;
    private final String defaultModel;
    private final String defaultAnswer;
    private final int defaultDimensions;

    /**
     * @param name              prefixes error lines and names the shutdown thread, e.g. {@code fake-ollama}
     * @param usage             the usage line printed for {@code --help} and after a bad argument
     * @param defaultModel      the model served when no {@code --model} is given
     * @param defaultAnswer     the answer when no {@code --answer} is given
     * @param defaultDimensions the embedding width when no {@code --embedding-dimensions} is given
     */
    protected StandaloneLauncher(String name, String usage, String defaultModel, String defaultAnswer,
                                 int defaultDimensions) {
        this.name = name;
        this.usage = usage;
        this.defaultModel = defaultModel;
        this.defaultAnswer = defaultAnswer;
        this.defaultDimensions = defaultDimensions;
    }

    /**
     * Reads an option only this server has.
     *
     * @param option the argument, such as {@code --tokens}
     * @param value  gives the option's value (the next argument); throws {@link IllegalArgumentException} when there is none
     * @return false when {@code option} is not one of this server's
     */
    protected boolean ownOption(String option, Supplier<String> value) {
        return false;
    }

    /**
     * Checks the options once all are read.
     *
     * @throws IllegalArgumentException with the message to print when they do not fit together
     */
    protected abstract void check(StandaloneOptions options);

    /** Starts the server the options describe; the launcher then applies the delay, key and recording. */
    protected abstract S start(StandaloneOptions options);

    /** The one line printed on stdout: the variable a script sets to use {@code server}. */
    protected abstract String addressLine(S server);

    /** What {@code server} serves, for the line on stderr. */
    protected abstract String description(S server, StandaloneOptions options);

    /**
     * Runs the server until the JVM is killed or {@code --duration} ends.
     *
     * @return the exit status: 0, or 2 for bad arguments
     */
    public final int serve(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        StandaloneOptions options;
        try {
            Optional<StandaloneOptions> parsed = parse(args);
            if (parsed.isEmpty()) {
                err.println(usage);
                return 0;
            }
            options = parsed.get();
            check(options);
        } catch (IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            err.println(usage);
            return 2;
        }
        S server = start(options);
        server.chunkDelay(options.chunkDelay());
        server.recordRequests(false);
        options.apiKey().ifPresent(server::requireBearerToken);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, name + "-shutdown"));
        out.println(addressLine(server));
        out.flush();
        Optional<Duration> duration = options.duration();
        err.println(description(server, options)
                + (options.apiKey().isEmpty() ? "" : " (API key required)")
                + (duration.isEmpty() ? "; stop it with Ctrl-C" : " for " + duration.get().toMillis() + " ms"));
        if (duration.isEmpty()) {
            stopped.await();
        } else {
            stopped.await(duration.get().toNanos(), TimeUnit.NANOSECONDS);
        }
        server.close();
        return 0;
    }

    /** The options, or empty when help was asked for. */
    private Optional<StandaloneOptions> parse(String[] args) {
        List<String> models = new ArrayList<>();
        String answer = defaultAnswer;
        boolean echo = false;
        int dimensions = defaultDimensions;
        Duration chunkDelay = Duration.ZERO;
        String apiKey = null;
        Duration duration = null;
        Arguments in = new Arguments(args);
        while (in.hasNext()) {
            String a = in.next();
            switch (a) {
                case "--model" -> models.add(in.valueOf(a));
                case "--answer" -> answer = in.valueOf(a);
                case "--echo" -> echo = true;
                case "--embedding-dimensions" -> dimensions = Integer.parseInt(in.valueOf(a));
                case "--chunk-delay" -> chunkDelay = duration(in.valueOf(a));
                case "--api-key" -> apiKey = in.valueOf(a);
                case "--duration" -> duration = duration(in.valueOf(a));
                case "--help", "-h" -> {
                    return Optional.empty();
                }
                default -> {
                    if (!ownOption(a, () -> in.valueOf(a))) {
                        throw new IllegalArgumentException("unknown argument '" + a + "'");
                    }
                }
            }
        }
        if (models.isEmpty()) {
            models.add(defaultModel);
        }
        return Optional.of(new StandaloneOptions(models, answer, echo, dimensions, chunkDelay,
                Optional.ofNullable(apiKey), Optional.ofNullable(duration)));
    }

    /** A duration in the forms the configuration takes ({@link LlmConfig#parseDuration}); never negative. */
    static Duration duration(String text) {
        Optional<Duration> parsed = LlmConfig.parseDuration(text.strip().toLowerCase(Locale.ROOT));
        if (parsed.isEmpty() || parsed.get().isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 30s, 5m or PT1H");
        }
        return parsed.get();
    }

    /** The arguments, read front to back. */
    private static final class Arguments {
        private final String[] args;
        private int next;

        Arguments(String[] args) {
            this.args = args;
        }

        boolean hasNext() {
            return next < args.length;
        }

        String next() {
            return args[next++];
        }

        /** The value that follows {@code option}. */
        String valueOf(String option) {
            if (!hasNext()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return next();
        }
    }
}
