package io.futurnal.llm.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Compares backends measured in the same run. Every ratio is a slowdown factor against the best
 * backend for that metric: 1.0 for the best, 4.0 for one four times slower (or four times the
 * memory). For times and memory that is {@code median / lowest median}; for throughput it is
 * {@code highest median / median}.
 */
public final class Ratios {
    private Ratios() {
    }

    /**
     * The slowdown factor of each backend against the best one for {@code metric}. Backends with no
     * value, or a value of zero or less, get no ratio.
     *
     * @param medians backend id to its median for {@code metric}, in display order
     */
    public static Map<String, Double> slowdown(Metric metric, Map<String, Double> medians) {
        Optional<Double> best = best(metric, medians);
        Map<String, Double> ratios = new LinkedHashMap<>();
        if (best.isEmpty()) {
            return ratios;
        }
        for (Map.Entry<String, Double> e : medians.entrySet()) {
            Double value = e.getValue();
            if (usable(value)) {
                ratios.put(e.getKey(), metric.higherIsBetter() ? best.get() / value : value / best.get());
            }
        }
        return ratios;
    }

    /** The id of the best backend for {@code metric}, if any has a usable value. Ties go to the first. */
    public static Optional<String> fastest(Metric metric, Map<String, Double> medians) {
        String bestId = null;
        double bestValue = Double.NaN;
        for (Map.Entry<String, Double> e : medians.entrySet()) {
            Double v = e.getValue();
            if (usable(v) && (bestId == null || (metric.higherIsBetter() ? v > bestValue : v < bestValue))) {
                bestId = e.getKey();
                bestValue = v;
            }
        }
        return Optional.ofNullable(bestId);
    }

    private static Optional<Double> best(Metric metric, Map<String, Double> medians) {
        return fastest(metric, medians).map(medians::get);
    }

    private static boolean usable(Double value) {
        return value != null && Double.isFinite(value) && value > 0;
    }
}
