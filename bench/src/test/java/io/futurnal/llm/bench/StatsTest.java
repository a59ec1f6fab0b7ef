package io.futurnal.llm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        Stats s = Stats.of(List.of(9.0, 1.0, 5.0, 3.0, 7.0)).orElseThrow();
        assertEquals(5, s.count());
        assertEquals(5.0, s.median());
        assertEquals(1.0, s.min());
        assertEquals(9.0, s.max());
        assertEquals(3.0, s.p25());
        assertEquals(7.0, s.p75());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        Stats s = Stats.of(List.of(4.0, 1.0, 3.0, 2.0)).orElseThrow();
        assertEquals(2.5, s.median());
        // positions 0.75 and 2.25 between ranks 1, 2, 3, 4
        assertEquals(1.75, s.p25(), 1e-12);
        assertEquals(3.25, s.p75(), 1e-12);
    }

    @Test
    void aSingleSampleIsItsOwnMedianAndSpread() {
        Stats s = Stats.of(List.of(42)).orElseThrow();
        assertEquals(42.0, s.median());
        assertEquals(42.0, s.min());
        assertEquals(42.0, s.max());
        assertEquals(42.0, s.p25());
        assertEquals(42.0, s.p75());
    }

    @Test
    void nullNanAndInfiniteSamplesAreLeftOut() {
        Stats s = Stats.of(Arrays.asList(null, Double.NaN, 2.0, Double.POSITIVE_INFINITY, 4.0)).orElseThrow();
        assertEquals(2, s.count());
        assertEquals(3.0, s.median());
    }

    @Test
    void noUsableSampleGivesNoStats() {
        assertTrue(Stats.of(List.of()).isEmpty());
        assertTrue(Stats.of(List.of(Double.NaN)).isEmpty());
    }

    @Test
    void quantileOutsideZeroToOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Stats.quantile(List.of(1.0), 1.5));
    }
}
