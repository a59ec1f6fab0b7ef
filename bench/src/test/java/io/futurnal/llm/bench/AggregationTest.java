package io.futurnal.llm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregationTest {

    @Test
    void coldLoadAndMemoryGiveOneSamplePerJvmTheRestArePooled() {
        BackendResult r = Aggregation.aggregate("llamacpp", List.of(
                samples("llamacpp", 100.0, List.of(1.0, 3.0), List.of(1000.0, 1200.0), 50L * 1024 * 1024),
                samples("llamacpp", 300.0, List.of(2.0, 4.0), List.of(1100.0, 900.0), 70L * 1024 * 1024)));
        assertEquals(BackendResult.Status.MEASURED, r.status());
        assertEquals(2, r.forks());
        assertEquals(2, r.stat(Metric.COLD_LOAD).orElseThrow().count());
        assertEquals(200.0, r.stat(Metric.COLD_LOAD).orElseThrow().median());
        assertEquals(4, r.stat(Metric.WARM_LOAD).orElseThrow().count());
        assertEquals(2.5, r.stat(Metric.WARM_LOAD).orElseThrow().median());
        assertEquals(1050.0, r.stat(Metric.DECODE).orElseThrow().median());
        assertEquals(60.0, r.stat(Metric.PEAK_RSS).orElseThrow().median(), 1e-9);
        assertNull(r.reason());
        assertEquals("a story", r.text());
    }

    @Test
    void anUnmeasuredFigureIsAbsentRatherThanZero() {
        WorkerSamples noRss = new WorkerSamples("x", "m", Map.of(), null, 10.0, 5.0, 0.0, List.of(1.0), List.of(2.0),
                Arrays.asList((Double) null), List.of(), List.of(), false, null, 0, List.of(1), "t");
        BackendResult r = Aggregation.aggregate("x", List.of(noRss));
        assertTrue(r.stat(Metric.PEAK_RSS).isEmpty());
        assertTrue(r.stat(Metric.DECODE).isEmpty());
        assertTrue(r.stat(Metric.PROMPT).isEmpty());
        assertTrue(r.stat(Metric.COLD_LOAD).isPresent());
        assertTrue(r.constrainedDecodingCost().isEmpty());
    }

    @Test
    void theCostOfConstrainedDecodingIsFreeOverConstrainedDecodeSpeed() {
        WorkerSamples s = new WorkerSamples("x", "m", Map.of(), null, 10.0, 5.0, 0.0, List.of(1.0), List.of(2.0),
                List.of(100.0, 120.0, 80.0), List.of(50.0, 40.0, 60.0), List.of(), false, null, 0, List.of(1), "t");
        assertEquals(2.0, Aggregation.aggregate("x", List.of(s)).constrainedDecodingCost().orElseThrow(), 1e-9);
    }

    @Test
    void everyJvmFailingMakesAFailedResultWithTheReasons() {
        BackendResult r = Aggregation.aggregate("hf", List.of(WorkerSamples.failed("hf", "no libtorch"),
                WorkerSamples.failed("hf", "no libtorch")));
        assertEquals(BackendResult.Status.FAILED, r.status());
        assertEquals("no libtorch", r.reason());
        assertTrue(r.stats().isEmpty());
    }

    @Test
    void aPartialFailureKeepsTheSamplesAndSaysHowManyFailed() {
        BackendResult r = Aggregation.aggregate("hf", List.of(WorkerSamples.failed("hf", "killed"),
                samples("hf", 100.0, List.of(1.0), List.of(10.0), 1L)));
        assertEquals(BackendResult.Status.MEASURED, r.status());
        assertEquals(1, r.forks());
        assertEquals("1 of 2 worker JVMs failed: killed", r.reason());
    }

    @Test
    void ratiosCompareMediansAcrossBackendsOfTheRun() {
        List<BackendResult> results = Aggregation.withRatios(List.of(
                Aggregation.aggregate("llamacpp", List.of(samples("llamacpp", 100.0, List.of(1.0), List.of(2000.0), 100L))),
                Aggregation.aggregate("hf", List.of(samples("hf", 400.0, List.of(4.0), List.of(500.0), 300L))),
                BackendResult.notRun("ollama", BackendResult.Status.UNAVAILABLE, "no server")));
        BackendResult llama = results.get(0);
        BackendResult hf = results.get(1);
        assertEquals(1.0, llama.ratio(Metric.COLD_LOAD).orElseThrow());
        assertEquals(4.0, hf.ratio(Metric.COLD_LOAD).orElseThrow());
        assertEquals(4.0, hf.ratio(Metric.DECODE).orElseThrow());
        assertEquals(3.0, hf.ratio(Metric.PEAK_RSS).orElseThrow());
        assertFalse(results.get(2).ratio(Metric.COLD_LOAD).isPresent());
    }

    static WorkerSamples samples(String id, double coldMs, List<Double> warm, List<Double> decode, long rss) {
        return new WorkerSamples(id, "/models/stories260K.gguf", Map.of("threads", "2"), null, coldMs, coldMs / 2, 0.0,
                warm, warm, decode, decode, decode, false, rss, 5, List.of(64), "a story");
    }
}
