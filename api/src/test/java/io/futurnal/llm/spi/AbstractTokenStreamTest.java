package io.futurnal.llm.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AbstractTokenStreamTest {

    /** Emits the given pieces; a null piece blocks until released. */
    private static final class ListStream extends AbstractTokenStream {
        final Iterator<String> pieces;
        final AtomicInteger releases = new AtomicInteger();
        volatile Boolean interrupted;
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch unblock = new CountDownLatch(1);
        RuntimeException failAtEnd;

        ListStream(List<String> pieces, GenerationOptions options) {
            super("fake", "m", options);
            this.pieces = new ArrayList<>(pieces).iterator();
        }

        @Override
        protected String fetchNext() {
            if (!pieces.hasNext()) {
                if (failAtEnd != null) {
                    throw failAtEnd;
                }
                finish(FinishReason.LENGTH, new GenerationMetrics(3, 0, Duration.ofMillis(7), null, null, null, null));
                return null;
            }
            String p = pieces.next();
            if (p == null) {
                blocked.countDown();
                try {
                    unblock.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "late";
            }
            return p;
        }

        @Override
        protected void release(boolean wasInterrupted) {
            releases.incrementAndGet();
            interrupted = wasInterrupted;
            unblock.countDown();
        }
    }

    @Test
    void aBackendThatIgnoresTheTokenLimitIsCutOffAtItWithLength() {
        ListStream s = new ListStream(List.of("a", "", "b", "c", "d"), GenerationOptions.builder().maxTokens(2).build());
        GenerationResult r = s.result();
        assertEquals("ab", r.text());
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals(1, s.releases.get());
        assertTrue(s.interrupted, "the backend is told to abort the rest");

        ListStream exact = new ListStream(List.of("a", "b"), GenerationOptions.builder().maxTokens(2).build());
        assertEquals("ab", exact.result().text());
        assertFalse(exact.interrupted, "a backend that stops at the limit ends normally, with its own metrics");
        assertEquals(3, exact.result().metrics().promptTokens());
    }

    @Test
    void collectsTextAndMergesReportedWithMeasuredMetrics() {
        ListStream s = new ListStream(List.of("Once", "", " upon", " a time"), GenerationOptions.DEFAULTS);
        List<String> seen = new ArrayList<>();
        s.forEachRemaining(seen::add);
        GenerationResult r = s.result();
        assertEquals(List.of("Once", " upon", " a time"), seen, "empty pieces are skipped");
        assertEquals("Once upon a time", r.text());
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals(3, r.metrics().promptTokens());
        assertEquals(3, r.metrics().generatedTokens(), "counted pieces when the backend gave no count");
        assertEquals(Duration.ofMillis(7), r.metrics().loadDuration());
        assertTrue(r.metrics().totalDuration().compareTo(r.metrics().timeToFirstToken()) >= 0);
        assertEquals(1, s.releases.get());
        assertFalse(s.interrupted);
        assertThrows(NoSuchElementException.class, s::next);
        s.close();
        assertEquals(1, s.releases.get(), "release happens once");
    }

    @Test
    void cancelFromAnotherThreadEndsTheStreamAndReportsCancelled() throws Exception {
        ListStream s = new ListStream(java.util.Arrays.asList("a", null, "b"), GenerationOptions.DEFAULTS);
        assertTrue(s.hasNext());
        s.next();
        Thread canceller = new Thread(() -> {
            try {
                s.blocked.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            s.cancel();
        });
        canceller.start();
        assertFalse(s.hasNext());
        canceller.join();
        assertTrue(s.isCancelled());
        assertTrue(s.interrupted);
        GenerationResult r = s.result();
        assertEquals(FinishReason.CANCELLED, r.finishReason());
        assertEquals("a", r.text());
    }

    @Test
    void closingEarlyAbortsOnce() {
        ListStream s = new ListStream(List.of("a", "b"), GenerationOptions.DEFAULTS);
        s.hasNext();
        s.close();
        s.close();
        s.cancel();
        assertEquals(1, s.releases.get());
        assertTrue(s.interrupted);
        assertFalse(s.hasNext() && s.next() != null && s.hasNext());
    }

    @Test
    void theCallTimeoutAbortsAndThrowsATypedError() {
        ListStream s = new ListStream(java.util.Arrays.asList("a", null), GenerationOptions.builder().timeout(Duration.ofMillis(150)).build());
        long start = System.nanoTime();
        LlmTimeoutException e = assertThrows(LlmTimeoutException.class, s::result);
        assertTrue(e.getMessage().contains("150 ms"), e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        assertTrue(s.interrupted);
    }

    @Test
    void theTimerStartsOnTheFirstReadSoItNeverReleasesAHalfBuiltStream() throws Exception {
        ListStream s = new ListStream(List.of("a"), GenerationOptions.builder().timeout(Duration.ofNanos(1)).build());
        Thread.sleep(50);
        assertEquals(0, s.releases.get(), "nothing may be released before the stream is read");
        assertThrows(LlmTimeoutException.class, s::hasNext);
        assertEquals(1, s.releases.get());
    }

    @Test
    void backendErrorsPropagateAndReleaseAsInterrupted() {
        ListStream s = new ListStream(List.of("a"), GenerationOptions.DEFAULTS);
        s.failAtEnd = new BackendFailureException("stream broke");
        assertTrue(s.hasNext());
        s.next();
        assertThrows(BackendFailureException.class, s::hasNext);
        assertTrue(s.interrupted);
        assertFalse(s.hasNext());
    }

    /** Reasoning, text and a tool call, as an HTTP backend would emit them. */
    private static final class EventStream extends AbstractTokenStream {
        final Iterator<io.futurnal.llm.StreamEvent> events = List.<io.futurnal.llm.StreamEvent>of(
                new io.futurnal.llm.StreamEvent.ReasoningDelta("think "),
                new io.futurnal.llm.StreamEvent.ReasoningDelta("hard"),
                new io.futurnal.llm.StreamEvent.TextDelta("Hi"),
                new io.futurnal.llm.StreamEvent.ToolCallComplete(io.futurnal.llm.ToolCall.parse("c1", "f", "{}"))).iterator();

        EventStream() {
            super("fake", "m", GenerationOptions.DEFAULTS);
        }

        @Override
        protected io.futurnal.llm.StreamEvent fetchNextEvent() {
            if (!events.hasNext()) {
                finish(FinishReason.STOP, GenerationMetrics.EMPTY);
                return null;
            }
            return events.next();
        }

        @Override
        protected void release(boolean interrupted) {
        }
    }

    @Test
    void typedEventsCarryReasoningAndToolCallsAndEndWithTheFinish() {
        List<io.futurnal.llm.StreamEvent> seen = new ArrayList<>();
        GenerationResult r;
        try (EventStream s = new EventStream()) {
            r = s.forEachEvent(seen::add);
        }
        assertEquals(5, seen.size());
        assertEquals(new io.futurnal.llm.StreamEvent.ReasoningDelta("think "), seen.get(0));
        assertTrue(seen.get(4) instanceof io.futurnal.llm.StreamEvent.Finish f && f.finishReason() == FinishReason.TOOL_CALLS);
        assertEquals("Hi", r.text());
        assertEquals("think hard", r.reasoning());
        assertEquals("f", r.toolCalls().get(0).name());
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    }

    @Test
    void plainIterationSkipsReasoningButTheResultKeepsIt() {
        try (EventStream s = new EventStream()) {
            List<String> text = new ArrayList<>();
            s.forEachRemaining(text::add);
            assertEquals(List.of("Hi"), text);
            assertEquals("think hard", s.result().reasoning());
            assertEquals(1, s.result().toolCalls().size());
        }
    }
}
