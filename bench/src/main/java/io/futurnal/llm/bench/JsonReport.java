package io.futurnal.llm.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.futurnal.llm.bench.SuiteResult.SuiteRun;
import java.util.Locale;

/**
 * The report as JSON for machines. Metric keys carry their unit ({@code coldLoadMs},
 * {@code decodeTokensPerSecond}); each holds {@code median}, {@code min}, {@code max}, {@code p25},
 * {@code p75} and {@code count}. {@code ratioToBest} holds the slowdown factor against the best
 * backend of the run (1.0 = best). A value that was not measured is absent.
 */
final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    static String render(BenchReport report) {
        try {
            return MAPPER.writeValueAsString(toTree(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    static ObjectNode toTree(BenchReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode machine = root.putObject("machine");
        machine.put("cpu", report.machine().cpu());
        machine.put("cores", report.machine().cores());
        machine.put("os", report.machine().os());
        machine.put("java", report.machine().runtime());
        root.set("settings", settings(report.settings()));
        root.put("elapsedSeconds", report.elapsedSeconds());
        ArrayNode backends = root.putArray("backends");
        report.backends().forEach(b -> backends.add(backend(b)));
        report.suiteResult().ifPresent(s -> root.set("suite", suite(s)));
        ArrayNode notes = root.putArray("notes");
        report.notes().forEach(notes::add);
        return root;
    }

    private static ObjectNode settings(RunSettings s) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("scenario", s.scenario().name().toLowerCase(Locale.ROOT));
        ArrayNode backends = node.putArray("backends");
        s.backends().forEach(backends::add);
        node.put("model", s.model());
        node.put("prompt", s.prompt());
        node.put("maxTokens", s.maxTokens());
        node.put("warmup", s.warmup());
        node.put("runs", s.runs());
        node.put("jvmsPerBackend", s.forks());
        node.put("suiteClasses", s.suiteClasses());
        node.put("suiteBackend", s.suiteBackend());
        node.put("timeoutSeconds", s.timeout().toSeconds());
        return node;
    }

    private static ObjectNode backend(BackendResult b) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", b.id());
        node.put("model", b.model());
        node.put("status", b.status().name().toLowerCase(Locale.ROOT));
        node.put("reason", b.reason());
        node.put("jvms", b.forks());
        ObjectNode metrics = node.putObject("metrics");
        for (Metric m : Metric.values()) {
            b.stat(m).ifPresent(s -> {
                ObjectNode st = metrics.putObject(m.key());
                st.put("median", s.median());
                st.put("min", s.min());
                st.put("max", s.max());
                st.put("p25", s.p25());
                st.put("p75", s.p75());
                st.put("count", s.count());
            });
        }
        ObjectNode ratios = node.putObject("ratioToBest");
        for (Metric m : Metric.values()) {
            b.ratio(m).ifPresent(r -> ratios.put(m.key(), r));
        }
        b.constrainedDecodingCost().ifPresent(cost -> node.put("constrainedDecodingCost", cost));
        node.put("promptRateEstimated", b.promptRateEstimated());
        ObjectNode details = node.putObject("details");
        b.details().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> details.put(e.getKey(), e.getValue()));
        node.put("text", b.text());
        return node;
    }

    private static ObjectNode suite(SuiteResult s) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("backend", s.backend());
        node.put("classes", s.classes());
        node.put("method", s.method());
        node.set("shared", run(s.shared()));
        node.set("perClass", run(s.perClass()));
        double slowdown = s.slowdown();
        if (Double.isFinite(slowdown)) {
            node.put("perClassOverShared", slowdown);
        }
        node.put("note", s.note());
        return node;
    }

    private static ObjectNode run(SuiteRun r) {
        ObjectNode node = MAPPER.createObjectNode();
        if (Double.isFinite(r.wallMs())) {
            node.put("wallMs", r.wallMs());
        }
        node.put("startupMs", r.startupMs());
        node.put("clientsCreated", r.clientsCreated());
        node.put("loadsReported", r.loadsReported());
        ArrayNode classes = node.putArray("classMs");
        r.classMs().forEach(classes::add);
        node.put("testsSucceeded", r.testsSucceeded());
        node.put("testsFailed", r.testsFailed());
        node.put("testsSkipped", r.testsSkipped());
        node.put("error", r.error());
        return node;
    }
}
