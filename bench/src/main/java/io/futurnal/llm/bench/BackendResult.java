package io.futurnal.llm.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One backend's aggregated figures for a run.
 *
 * @param id                  the provider id
 * @param model               the model as the backend named it ({@code null} when nothing ran)
 * @param status              whether it was measured
 * @param reason              why it was not (or why some child JVMs failed), else {@code null}
 * @param forks               child JVMs that delivered samples
 * @param stats               median and spread per metric, for the metrics that were measured
 * @param ratios              slowdown factor against the best backend of the run, per metric
 * @param promptRateEstimated whether {@link Metric#PROMPT} had to be estimated from the first token
 * @param details             what the client reported about itself (threads, file, device)
 * @param text                the text of one measured generation, to compare backends by eye
 */
public record BackendResult(String id, String model, Status status, String reason, int forks,
                            Map<Metric, Stats> stats, Map<Metric, Double> ratios, boolean promptRateEstimated,
                            Map<String, String> details, String text) {

    /** Whether a backend was measured. */
    public enum Status {
        /** At least one child JVM delivered samples. */
        MEASURED,
        /** Detection said the backend cannot serve now; it was not run. */
        UNAVAILABLE,
        /** It was run, and no child JVM delivered samples. */
        FAILED
    }

    /** Copies the maps; null details become empty. */
    public BackendResult {
        stats = stats.isEmpty() ? Map.of() : new EnumMap<>(stats);
        ratios = ratios.isEmpty() ? Map.of() : new EnumMap<>(ratios);
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A backend that was not run, with the reason. */
    static BackendResult notRun(String id, Status status, String reason) {
        return new BackendResult(id, null, status, reason, 0, Map.of(), Map.of(), false, Map.of(), null);
    }

    /** The summary for {@code metric}, if it was measured. */
    public Optional<Stats> stat(Metric metric) {
        return Optional.ofNullable(stats.get(metric));
    }

    /** The slowdown factor for {@code metric}, if there was a value to compare. */
    public Optional<Double> ratio(Metric metric) {
        return Optional.ofNullable(ratios.get(metric));
    }

    /** A copy with these ratios. */
    /**
     * How many times slower decoding is with the output constrained to a JSON schema: the median
     * {@link Metric#DECODE} divided by the median {@link Metric#CONSTRAINED_DECODE}, measured in
     * the same JVMs.
     */
    public Optional<Double> constrainedDecodingCost() {
        return stat(Metric.DECODE).flatMap(free -> stat(Metric.CONSTRAINED_DECODE)
                .filter(c -> c.median() > 0).map(c -> free.median() / c.median()));
    }

    BackendResult withRatios(Map<Metric, Double> newRatios) {
        return new BackendResult(id, model, status, reason, forks, stats, newRatios, promptRateEstimated, details, text);
    }

    /** The metrics in display order. */
    static List<Metric> order() {
        return List.of(Metric.values());
    }
}
