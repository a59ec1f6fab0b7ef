package io.futurnal.llm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatiosTest {

    @Test
    void timesAreComparedToTheLowest() {
        Map<String, Double> ratios = Ratios.slowdown(Metric.COLD_LOAD, medians("llamacpp", 200.0, "hf", 1000.0));
        assertEquals(1.0, ratios.get("llamacpp"));
        assertEquals(5.0, ratios.get("hf"));
        assertEquals("llamacpp", Ratios.fastest(Metric.COLD_LOAD, medians("llamacpp", 200.0, "hf", 1000.0)).orElseThrow());
    }

    @Test
    void throughputIsComparedToTheHighestSoSlowerIsAboveOne() {
        Map<String, Double> ratios = Ratios.slowdown(Metric.DECODE, medians("llamacpp", 3000.0, "hf", 750.0));
        assertEquals(1.0, ratios.get("llamacpp"));
        assertEquals(4.0, ratios.get("hf"));
        assertEquals("llamacpp", Ratios.fastest(Metric.DECODE, medians("llamacpp", 3000.0, "hf", 750.0)).orElseThrow());
    }

    @Test
    void memoryIsComparedToTheSmallest() {
        Map<String, Double> ratios = Ratios.slowdown(Metric.PEAK_RSS, medians("a", 300.0, "b", 100.0));
        assertEquals(3.0, ratios.get("a"));
        assertEquals(1.0, ratios.get("b"));
    }

    @Test
    void missingZeroAndNanValuesGetNoRatioAndDoNotBecomeTheBest() {
        Map<String, Double> in = medians("zero", 0.0, "slow", 10.0);
        in.put("nan", Double.NaN);
        in.put("absent", null);
        in.put("fast", 5.0);
        Map<String, Double> ratios = Ratios.slowdown(Metric.TIME_TO_FIRST_TOKEN, in);
        assertEquals(Map.of("slow", 2.0, "fast", 1.0), ratios);
    }

    @Test
    void aTieGoesToTheFirstAndBothAreOne() {
        Map<String, Double> in = medians("first", 10.0, "second", 10.0);
        assertEquals("first", Ratios.fastest(Metric.WARM_LOAD, in).orElseThrow());
        assertEquals(Map.of("first", 1.0, "second", 1.0), Ratios.slowdown(Metric.WARM_LOAD, in));
    }

    @Test
    void nothingToCompareGivesNothing() {
        assertTrue(Ratios.slowdown(Metric.DECODE, Map.of()).isEmpty());
        assertFalse(Ratios.fastest(Metric.DECODE, medians("a", 0.0, "b", -1.0)).isPresent());
    }

    private static Map<String, Double> medians(String a, Double va, String b, Double vb) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(a, va);
        m.put(b, vb);
        return m;
    }
}
