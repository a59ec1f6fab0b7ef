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

    @Option(names = "--synthetic", paramLabel = "SHAPE",
            description = {"Scale scenario: write (once, into the cache) a random-weight model in the exact shape of SHAPE "
                + "(llama-3.2-1b, llama-3.1-8b or tiny-llama-3) as a GGUF and as safetensors holding the same weights, "
                + "and run llamacpp, hf and the raw de.kherud bindings on it side by side, with peak RSS as a ratio to "
                + "the weight bytes. Its defaults: --max-tokens 16 --warmup 1 --runs 2 --jvms 1 --timeout 15m."})
    String synthetic;

    @Option(names = "--synthetic-gguf", defaultValue = "q8_0",
            description = "Weight type of the synthetic GGUF: f32, f16, bf16 or q8_0 (default: ${DEFAULT-VALUE}).")
    String syntheticGguf;

    @Option(names = "--synthetic-hf", defaultValue = "bf16",
            description = "Weight type of the synthetic safetensors: f32, f16 or bf16 (default: ${DEFAULT-VALUE}).")
    String syntheticHf;

    @Option(names = "--synthetic-seed", defaultValue = "1", description = "Seed of the synthetic weights (default: ${DEFAULT-VALUE}).")
    long syntheticSeed;

    @Option(names = "--threads", description = "Threads for every runtime in the scale scenario (default: the available processors).")
    Integer threads;

    @Spec
    CommandSpec spec;

    /** For picocli. */
    public BenchCommand() {
    }

    @Override
    public Integer call() throws IOException {
        if (synthetic != null) {
            return callSynthetic();
        }
        RunSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = ProgressBar.forStderr(err, !quiet);
        BenchReport report = new BenchRun(settings, bar).run();
        bar.finish();
        out.print(json ? JsonReport.render(report) + System.lineSeparator() : TableRenderer.render(report));
        out.flush();
        writeChart(report, err);
        return exitCode(report);
    }

    /** The scale scenario: one synthetic model, both backends and the raw bindings. */
    private int callSynthetic() throws IOException {
        applySyntheticDefaults();
        RunSettings settings = settings();
        SyntheticScenario.Settings scale = syntheticSettings();
        settings = new RunSettings(RunSettings.Scenario.BACKENDS, List.of(SyntheticScenario.LLAMACPP, SyntheticScenario.HF,
                RawLlamaCppWorker.ID), scale.shape().name(), settings.prompt(), settings.maxTokens(), settings.warmup(),
                settings.runs(), settings.forks(), settings.suiteClasses(), settings.suiteBackend(), settings.timeout());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = ProgressBar.forStderr(err, !quiet);
        bar.total(SyntheticScenario.steps(settings));
        long start = System.nanoTime();
        SyntheticScenario.Outcome outcome = new SyntheticScenario(settings, scale, bar).run();
        bar.finish();
        BenchReport report = new BenchReport(MachineInfo.current(), settings, outcome.results(), null,
                (System.nanoTime() - start) / 1e9, List.of("no warm loads in the scale scenario: a second client would "
                        + "hold a second copy of the model"));
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode tree = JsonReport.toTree(report);
            ScaleReport.json(scale, outcome, tree.putObject("scale"));
            out.println(tree.toPrettyString());
        } else {
            out.print(TableRenderer.render(report));
            out.println();
            out.print(ScaleReport.render(scale, outcome));
        }
        out.flush();
        writeChart(report, err);
        return exitCode(report);
    }

    private void applySyntheticDefaults() {
        var parsed = spec.commandLine().getParseResult();
        if (!parsed.hasMatchedOption("--max-tokens")) {
            maxTokens = 16;
        }
        if (!parsed.hasMatchedOption("--warmup")) {
            warmup = 1;
        }
        if (!parsed.hasMatchedOption("--runs")) {
            runs = 2;
        }
        if (!parsed.hasMatchedOption("--jvms")) {
            jvms = 1;
        }
        if (!parsed.hasMatchedOption("--timeout")) {
            timeout = "15m";
        }
        if (!parsed.hasMatchedOption("--chart")) {
            chart = "bench-results/bench-synthetic.png";
        }
    }

    SyntheticScenario.Settings syntheticSettings() {
        try {
            io.futurnal.llm.synthetic.WeightType hf = io.futurnal.llm.synthetic.WeightType.parse(syntheticHf);
            require(hf.inSafetensors(), "--synthetic-hf must be f32, f16 or bf16 (safetensors holds no " + syntheticHf + ")");
            int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            require(n >= 1 && n <= 1024, "--threads must be 1 to 1024");
            return new SyntheticScenario.Settings(io.futurnal.llm.synthetic.ModelShape.preset(synthetic.trim()),
                    io.futurnal.llm.synthetic.WeightType.parse(syntheticGguf), hf, syntheticSeed, n);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void writeChart(BenchReport report, PrintWriter err) {
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
