package io.futurnal.llm.bench;

import io.futurnal.llm.bench.SuiteResult.SuiteRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The report as text for a terminal: the figures, the ratios to the fastest, then the suite scenario. */
final class TableRenderer {
    private static final List<String> SPEED_DETAILS = List.of("threads", "device", "engine", "dtype", "quantization", "context");
    private TableRenderer() {
    }

    static String render(BenchReport report) {
        StringBuilder sb = new StringBuilder();
        RunSettings s = report.settings();
        sb.append("machine: ").append(report.machine().describe()).append('\n');
        if (s.scenario().includesBackends()) {
            sb.append('\n').append(backends(report));
        }
        report.suiteResult().ifPresent(suite -> sb.append('\n').append(suite(suite)));
        if (!report.notes().isEmpty()) {
            sb.append('\n');
            report.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        }
        sb.append(String.format(Locale.ROOT, "%nfinished in %.1f s%n", report.elapsedSeconds()));
        return sb.toString();
    }

    static String backends(BenchReport report) {
        RunSettings s = report.settings();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Backends: prompt \"%s\", %d tokens, greedy; %d JVM%s per backend, "
                        + "%d measured run%s after %d warm-up in each%n",
                s.prompt(), s.maxTokens(), s.forks(), s.forks() == 1 ? "" : "s", s.runs(), s.runs() == 1 ? "" : "s", s.warmup()));
        List<BackendResult> measured = report.measured();
        if (measured.isEmpty()) {
            sb.append("no backend was measured\n");
        } else {
            List<String> header = new ArrayList<>(List.of("BACKEND", "MODEL"));
            for (Metric m : Metric.values()) {
                header.add(m.label().toUpperCase(Locale.ROOT) + " " + m.unit());
            }
            TextTable figures = new TextTable(header);
            for (BackendResult r : measured) {
                List<String> row = new ArrayList<>(List.of(r.id(), Numbers.shortModel(r.model())));
                for (Metric m : Metric.values()) {
                    String cell = r.stat(m).map(Numbers::withSpread).orElse("n/a");
                    row.add(m == Metric.PROMPT && r.promptRateEstimated() && r.stat(m).isPresent() ? cell + "*" : cell);
                }
                figures.row(row);
            }
            sb.append(figures.render());
            sb.append("median (min-max); cold load and peak RSS: one sample per JVM; the others: every measured run\n");
            for (BackendResult r : measured) {
                r.constrainedDecodingCost().ifPresent(cost -> sb.append(String.format(Locale.ROOT,
                        "%s: constrained decoding costs %.2fx (decode / JSON decode tok/s, same JVMs)%n", r.id(), cost)));
            }
            for (BackendResult r : measured) {
                String facts = settingsOf(r);
                if (!facts.isEmpty()) {
                    sb.append(r.id()).append(": ").append(facts).append('\n');
                }
            }
            if (measured.stream().anyMatch(BackendResult::promptRateEstimated)) {
                sb.append("* estimated as prompt tokens / time to first token: the backend reports no prompt time\n");
            }
            if (measured.size() > 1) {
                sb.append('\n').append(ratios(measured));
            }
        }
        List<BackendResult> others = report.backends().stream().filter(b -> b.status() != BackendResult.Status.MEASURED).toList();
        if (!others.isEmpty()) {
            sb.append("\nnot measured:\n");
            for (BackendResult r : others) {
                sb.append("  ").append(r.id()).append(" (").append(r.status().name().toLowerCase(Locale.ROOT))
                        .append("): ").append(r.reason()).append('\n');
            }
        }
        for (BackendResult r : measured) {
            if (r.reason() != null) {
                sb.append("warning: ").append(r.id()).append(": ").append(r.reason()).append('\n');
            }
        }
        return sb.toString();
    }

    /** The client details that explain a backend's speed, e.g. {@code threads=1, context=2048}. */
    static String settingsOf(BackendResult r) {
        List<String> parts = new ArrayList<>();
        for (String key : SPEED_DETAILS) {
            String value = r.details().get(key);
            if (value != null && !value.isBlank()) {
                parts.add(key + "=" + value);
            }
        }
        return String.join(", ", parts);
    }

    static String ratios(List<BackendResult> measured) {
        StringBuilder sb = new StringBuilder("Relative to the best backend of this run (1.00x = best; 3.00x = three times slower, "
                + "or three times the memory):\n");
        List<String> header = new ArrayList<>(List.of("BACKEND"));
        for (Metric m : Metric.values()) {
            header.add(m.label().toUpperCase(Locale.ROOT));
        }
        TextTable table = new TextTable(header);
        for (BackendResult r : measured) {
            List<String> row = new ArrayList<>(List.of(r.id()));
            for (Metric m : Metric.values()) {
                Optional<Double> ratio = r.ratio(m);
                row.add(ratio.map(Numbers::ratio).orElse("n/a"));
            }
            table.row(row);
        }
        return sb.append(table.render()).toString();
    }

    static String suite(SuiteResult suite) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Test suite: %d test classes on %s, each asking for a client (%s)%n",
                suite.classes(), suite.backend(), suite.method().equals(SuiteWorker.SIMULATED)
                        ? "SIMULATED through LlmClients: JUnit or the testing module is not on the class path"
                        : "real JUnit 5 classes with @LlmTest, run through the JUnit Platform launcher"));
        TextTable table = new TextTable(List.of("CLIENT", "CLIENTS", "LOADS REPORTED", "CLASSES WALL s", "FIRST CLASS s",
                "OTHER CLASSES s (median)", "TESTS"));
        table.row(suiteRow("one shared (@LlmTest default)", suite.shared()));
        table.row(suiteRow("one per class (PER_CLASS)", suite.perClass()));
        sb.append(table.render());
        sb.append("wall: from the first class's start to the end of the run, clients closed; JUnit start-up before it is left out"
                + " (same in both)\n");
        double slowdown = suite.slowdown();
        if (Double.isFinite(slowdown)) {
            sb.append(String.format(Locale.ROOT, "a client per class took %s as long as one shared client%n", Numbers.ratio(slowdown)));
        }
        for (SuiteRun run : List.of(suite.shared(), suite.perClass())) {
            if (run.error() != null) {
                sb.append("error (").append(run.mode()).append("): ").append(run.error()).append('\n');
            }
        }
        sb.append("note: ").append(suite.note()).append('\n');
        return sb.toString();
    }

    private static List<String> suiteRow(String label, SuiteRun run) {
        List<Double> classes = run.classMs();
        String first = classes.isEmpty() ? "n/a" : Numbers.format(classes.get(0) / 1000);
        String rest = classes.size() < 2 ? "n/a"
                : Stats.of(classes.subList(1, classes.size())).map(st -> Numbers.format(st.median() / 1000)).orElse("n/a");
        String tests = run.testsSucceeded() + " passed" + (run.testsFailed() > 0 ? ", " + run.testsFailed() + " failed" : "")
                + (run.testsSkipped() > 0 ? ", " + run.testsSkipped() + " skipped" : "");
        return List.of(label, Integer.toString(run.clientsCreated()), Integer.toString(run.loadsReported()),
                Numbers.format(run.wallMs() / 1000), first, rest, tests);
    }
}
