package io.futurnal.llm.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopSequenceFilterTest {

    private static String run(StopSequenceFilter f, String... pieces) {
        StringBuilder out = new StringBuilder();
        for (String p : pieces) {
            out.append(f.accept(p));
            if (f.stopped()) {
                break;
            }
        }
        return out.append(f.flush()).toString();
    }

    @Test
    void stopsAtAStopStringSplitAcrossPieces() {
        StopSequenceFilter f = new StopSequenceFilter(List.of("The End"));
        assertEquals("and they lived. ", run(f, "and they", " lived. The", " En", "d and more"));
        assertTrue(f.stopped());
    }

    @Test
    void holdsBackOnlyAPossiblePrefix() {
        StopSequenceFilter f = new StopSequenceFilter(List.of("\n\n"));
        assertEquals("one", f.accept("one"));
        assertEquals("two", f.accept("two\n"));
        assertEquals("\nthree", f.accept("three"));
        assertFalse(f.stopped());
    }

    @Test
    void theEarliestOfSeveralStopsWins() {
        StopSequenceFilter f = new StopSequenceFilter(List.of("cat", "a c"));
        assertEquals("I saw ", run(f, "I saw a cat"));
    }

    @Test
    void withoutAMatchEverythingComesOut() {
        StopSequenceFilter f = new StopSequenceFilter(List.of("zzz"));
        assertEquals("abc zz", run(f, "abc", " zz"));
        assertFalse(f.stopped());
    }

    @Test
    void noStopsPassesThrough() {
        StopSequenceFilter f = new StopSequenceFilter(List.of());
        assertEquals("x", f.accept("x"));
    }
}
