package io.futurnal.llm.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The scale scenario's own figures: peak RSS against the bytes of the weights each runtime
 * loads, and decode speed against the raw bindings and between the two backends.
 */
final class ScaleReport {
    private static final double GB = 1e9;
    private static final double MIB = 1024.0 * 1024.0;

    private ScaleReport() {
    }

    static String render(SyntheticScenario.Settings s, SyntheticScenario.Outcome outcome) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Scale: synthetic %s (%.2f B parameters, random weights, seed %d), "
                        + "%d threads, context %d%n", s.shape().name(), s.shape().parameters() / 1e9, s.seed(), s.threads(),
                SyntheticScenario.CONTEXT));
        TextTable table = new TextTable(List.of("BACKEND", "WEIGHTS", "WEIGHTS GB", "PEAK RSS GB", "RSS / WEIGHTS",
                "DECODE tok/s", "DECODE vs RAW", "DECODE vs LLAMACPP"));
        Optional<Double> raw = decode(outcome, RawLlamaCppWorker.ID);
        Optional<Double> llamacpp = decode(outcome, SyntheticScenario.LLAMACPP);
        for (BackendResult r : outcome.results()) {
            long weights = outcome.weightBytes().getOrDefault(r.id(), 0L);
            Optional<Double> rss = r.stat(Metric.PEAK_RSS).map(st -> st.median() * MIB);
            Optional<Double> decode = r.stat(Metric.DECODE).map(Stats::median);
            table.row(List.of(r.id(), label(s, r.id()), Numbers.format(weights / GB),
                    rss.map(v -> Numbers.format(v / GB)).orElse("n/a"),
                    rss.map(v -> Numbers.ratio(v / weights)).orElse("n/a"),
                    decode.map(Numbers::format).orElse("n/a"),
                    speedRatio(raw, decode), speedRatio(llamacpp, decode)));
        }
        sb.append(table.render());
        sb.append("RSS / WEIGHTS: peak resident memory over the bytes of the weight files (1.00x = the weights alone);\n"
                + "DECODE vs X: how many times slower than X (1.00x = as fast; below 1 = faster)\n");
        List<String> failures = new ArrayList<>();
        outcome.results().stream().filter(r -> r.status() != BackendResult.Status.MEASURED)
                .forEach(r -> failures.add(r.id() + ": " + r.reason()));
        failures.forEach(f -> sb.append("not measured: ").append(f).append('\n'));
        sb.append("files: ").append(outcome.gguf()).append('\n').append("       ").append(outcome.hfDirectory()).append('\n');
        return sb.toString();
    }

    static ObjectNode json(SyntheticScenario.Settings s, SyntheticScenario.Outcome outcome, ObjectNode node) {
        node.put("shape", s.shape().name()).put("parameters", s.shape().parameters()).put("seed", s.seed())
                .put("threads", s.threads()).put("context", SyntheticScenario.CONTEXT)
                .put("gguf", outcome.gguf().toString()).put("hfDirectory", outcome.hfDirectory().toString());
        ObjectNode backends = node.putObject("backends");
        Optional<Double> raw = decode(outcome, RawLlamaCppWorker.ID);
        for (BackendResult r : outcome.results()) {
            ObjectNode b = backends.putObject(r.id());
            long weights = outcome.weightBytes().getOrDefault(r.id(), 0L);
            b.put("weights", label(s, r.id())).put("weightBytes", weights);
            r.stat(Metric.PEAK_RSS).ifPresent(st -> b.put("peakRssToWeights", st.median() * MIB / weights));
            r.stat(Metric.DECODE).ifPresent(st -> {
                b.put("decodeTokensPerSecond", st.median());
                raw.ifPresent(v -> b.put("decodeSlowdownVsRaw", v / st.median()));
            });
        }
        return node;
    }

    private static String label(SyntheticScenario.Settings s, String id) {
        return id.equals(SyntheticScenario.HF) ? s.hfType().label() + " safetensors" : s.ggufType().label() + " GGUF";
    }

    private static Optional<Double> decode(SyntheticScenario.Outcome outcome, String id) {
        return outcome.results().stream().filter(r -> r.id().equals(id)).findFirst()
                .flatMap(r -> r.stat(Metric.DECODE)).map(Stats::median);
    }

    private static String speedRatio(Optional<Double> reference, Optional<Double> value) {
        return reference.isPresent() && value.isPresent() && value.get() > 0
                ? Numbers.ratio(reference.get() / value.get()) : "n/a";
    }
}
