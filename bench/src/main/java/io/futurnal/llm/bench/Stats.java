package io.futurnal.llm.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Summary of repeated samples: the median and two spreads (min-max and the interquartile range).
 * Quantiles interpolate linearly between the closest ranks, so the median of an even count is the
 * mean of the two middle values.
 *
 * @param count  how many samples
 * @param median the middle value
 * @param min    the smallest sample
 * @param max    the largest sample
 * @param p25    the 25th percentile
 * @param p75    the 75th percentile
 */
public record Stats(int count, double median, double min, double max, double p25, double p75) {

    /**
     * Summarises {@code samples}, ignoring NaN and infinite values.
     *
     * @return empty when no finite sample is left
     */
    public static Optional<Stats> of(Collection<? extends Number> samples) {
        List<Double> sorted = new ArrayList<>();
        for (Number n : samples) {
            if (n != null && Double.isFinite(n.doubleValue())) {
                sorted.add(n.doubleValue());
            }
        }
        if (sorted.isEmpty()) {
            return Optional.empty();
        }
        Collections.sort(sorted);
        return Optional.of(new Stats(sorted.size(), quantile(sorted, 0.5), sorted.get(0),
                sorted.get(sorted.size() - 1), quantile(sorted, 0.25), quantile(sorted, 0.75)));
    }

    /** The {@code q} quantile (0 to 1) of ascending {@code sorted}, interpolating between ranks. */
    static double quantile(List<Double> sorted, double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be in [0, 1]; got " + q);
        }
        double position = q * (sorted.size() - 1);
        int below = (int) Math.floor(position);
        int above = (int) Math.ceil(position);
        double fraction = position - below;
        return sorted.get(below) + (sorted.get(above) - sorted.get(below)) * fraction;
    }
}
