package io.futurnal.llm.bench;

import io.futurnal.llm.LlmConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code futurnal-llm bench}: the same workload on every available backend (or the ones named),
 * each in its own fresh JVM, reported side by side with the ratio of each to the best, as a table
 * (or JSON) on stdout and a chart file. Progress and logs go to stderr.
 *
 * <p>Exit codes: 0 when every backend that ran delivered figures, 1 when one failed, 3 when no
 * backend could be measured, 2 for bad options.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure backends side by side: cold and warm load, time to first token, decode and prompt "
                + "tokens/s and peak memory, as the median of several runs, each backend in its own JVM.",
            "The suite scenario runs N test classes with one shared client and with a client per class."})
public final class BenchCommand implements Callable<Integer> {
    static final int EXIT_FAILED = 1;
    static final int EXIT_NOTHING_MEASURED = 3;

    @Option(names = "--backends", split = ",", paramLabel = "ID",
            description = "Backends to measure, comma-separated. Default: every available backend on the class path.")
    List<String> backends = new ArrayList<>();

    @Option(names = "--runs", defaultValue = "5", description = "Measured runs per JVM (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "10",
            description = "Discarded runs before them, so the JIT has compiled each backend's Java side (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--jvms", defaultValue = "3",
            description = "Fresh JVMs per backend; each gives one cold load and one peak RSS (default: ${DEFAULT-VALUE}).")
    int jvms;

    @Option(names = "--max-tokens", defaultValue = "128", description = "Tokens per measured generation (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--prompt", defaultValue = "Once upon a time", description = "The prompt (default: ${DEFAULT-VALUE}).")
    String prompt;

    @Option(names = "--model", description = "The model for every backend. Default: each backend's own default "
            + "(the shipped stories260K for llamacpp and hf, the configured tag for ollama).")
    String model;

    @Option(names = "--json", description = "Print the report as JSON on stdout instead of the table.")
    boolean json;

    @Option(names = "--chart", defaultValue = "bench-results/bench.png", paramLabel = "FILE",
            description = "Chart file, PNG or SVG by extension (default: ${DEFAULT-VALUE}). 'none' draws no chart.")
    String chart;

    @Option(names = "--scenario", defaultValue = "all",
            description = "What to run: suite, backends or all (default: ${DEFAULT-VALUE}).")
    RunSettings.Scenario scenario;

    @Option(names = "--suite-classes", defaultValue = "10",
            description = "Test classes in the suite scenario, 1 to 10 (default: ${DEFAULT-VALUE}).")
    int suiteClasses;

    @Option(names = "--suite-backend", defaultValue = "llamacpp",
            description = "The backend the suite scenario loads (default: ${DEFAULT-VALUE}).")
    String suiteBackend;

    @Option(names = "--timeout", defaultValue = "5m",
            description = "Limit for each child JVM, e.g. 90s or 5m (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar on stderr.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /** For picocli. */
    public BenchCommand() {
    }

    @Override
    public Integer call() throws IOException {
        RunSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = ProgressBar.forStderr(err, !quiet);
        BenchReport report = new BenchRun(settings, bar).run();
        bar.finish();
        out.print(json ? JsonReport.render(report) + System.lineSeparator() : TableRenderer.render(report));
        out.flush();
        if (!"none".equalsIgnoreCase(chart)) {
            Path file = Path.of(chart);
            try {
                ChartRenderer.write(report, file);
                err.println("chart written to " + file.toAbsolutePath().normalize());
            } catch (IOException e) {
                err.println("futurnal-llm bench: no chart: " + e.getMessage());
            }
            err.flush();
        }
        return exitCode(report);
    }

    static int exitCode(BenchReport report) {
        if (report.settings().scenario() == RunSettings.Scenario.SUITE && report.suiteResult().isEmpty()) {
            return EXIT_NOTHING_MEASURED;
        }
        boolean suiteFailed = report.suiteResult().filter(s -> !s.shared().succeeded() || !s.perClass().succeeded()).isPresent();
        boolean backendsAsked = report.settings().scenario().includesBackends();
        if (backendsAsked && report.measured().isEmpty() && (report.suiteResult().isEmpty() || suiteFailed)) {
            return EXIT_NOTHING_MEASURED;
        }
        boolean anyFailed = report.backends().stream().anyMatch(b -> b.status() == BackendResult.Status.FAILED);
        return anyFailed || suiteFailed ? EXIT_FAILED : 0;
    }

    RunSettings settings() {
        require(runs >= 1 && runs <= 1000, "--runs must be 1 to 1000");
        require(warmup >= 0 && warmup <= 1000, "--warmup must be 0 to 1000");
        require(jvms >= 1 && jvms <= 50, "--jvms must be 1 to 50");
        require(maxTokens >= 2 && maxTokens <= 100_000, "--max-tokens must be 2 to 100000 (decode speed needs two tokens)");
        require(suiteClasses >= 1 && suiteClasses <= SuiteRunner.MAX_CLASSES, "--suite-classes must be 1 to " + SuiteRunner.MAX_CLASSES);
        require(prompt != null && !prompt.isBlank(), "--prompt must not be blank");
        Duration limit = LlmConfig.parseDuration(timeout).orElse(null);
        require(limit != null && !limit.isNegative() && !limit.isZero(), "--timeout must be a positive duration such as 90s or 5m; got '" + timeout + "'");
        List<String> ids = backends.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        String suiteId = suiteBackend.trim();
        return new RunSettings(scenario, ids, model == null || model.isBlank() ? null : model.trim(), prompt, maxTokens,
                warmup, runs, jvms, suiteClasses, suiteId, limit);
    }

    private void require(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
