package io.futurnal.llm.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Turns the raw samples of child JVMs into per-backend statistics and cross-backend ratios. */
final class Aggregation {
    private static final double MIB = 1024.0 * 1024.0;

    private Aggregation() {
    }

    /**
     * Pools the samples of every child JVM that ran {@code id}: one cold load and one peak RSS per
     * JVM, every measured run for the rest.
     */
    static BackendResult aggregate(String id, List<WorkerSamples> runs) {
        List<WorkerSamples> ok = runs.stream().filter(WorkerSamples::succeeded).toList();
        List<String> errors = runs.stream().map(WorkerSamples::error).filter(Objects::nonNull).distinct().toList();
        if (ok.isEmpty()) {
            String reason = errors.isEmpty() ? "no worker JVM delivered samples" : String.join("; ", errors);
            return BackendResult.notRun(id, BackendResult.Status.FAILED, reason);
        }
        Map<Metric, List<Double>> pooled = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            pooled.put(m, new ArrayList<>());
        }
        for (WorkerSamples s : ok) {
            addIfPresent(pooled.get(Metric.COLD_LOAD), s.coldLoadMs());
            pooled.get(Metric.WARM_LOAD).addAll(s.warmLoadMs());
            pooled.get(Metric.TIME_TO_FIRST_TOKEN).addAll(s.timeToFirstTokenMs());
            pooled.get(Metric.DECODE).addAll(s.decodeTokensPerSecond());
            pooled.get(Metric.CONSTRAINED_DECODE).addAll(s.constrainedDecodeTokensPerSecond());
            pooled.get(Metric.PROMPT).addAll(s.promptTokensPerSecond());
            if (s.peakRssBytes() != null) {
                pooled.get(Metric.PEAK_RSS).add(s.peakRssBytes() / MIB);
            }
        }
        Map<Metric, Stats> stats = new EnumMap<>(Metric.class);
        pooled.forEach((metric, values) -> Stats.of(values).ifPresent(st -> stats.put(metric, st)));
        WorkerSamples first = ok.get(0);
        String reason = errors.isEmpty() ? null
                : (runs.size() - ok.size()) + " of " + runs.size() + " worker JVMs failed: " + String.join("; ", errors);
        return new BackendResult(id, first.model(), BackendResult.Status.MEASURED, reason, ok.size(), stats, Map.of(),
                ok.stream().anyMatch(WorkerSamples::promptRateEstimated), first.details(), first.text());
    }

    /** Adds each backend's slowdown factor against the best measured backend, per metric. */
    static List<BackendResult> withRatios(List<BackendResult> results) {
        Map<String, Map<Metric, Double>> ratiosById = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            Map<String, Double> medians = new LinkedHashMap<>();
            for (BackendResult r : results) {
                r.stat(metric).ifPresent(s -> medians.put(r.id(), s.median()));
            }
            Ratios.slowdown(metric, medians).forEach((id, ratio) ->
                    ratiosById.computeIfAbsent(id, k -> new EnumMap<>(Metric.class)).put(metric, ratio));
        }
        return results.stream().map(r -> r.withRatios(ratiosById.getOrDefault(r.id(), Map.of()))).toList();
    }

    private static void addIfPresent(List<Double> values, Double value) {
        if (value != null) {
            values.add(value);
        }
    }
}
