package io.futurnal.llm.http;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** One daemon timer thread that fires the total timeouts of all exchanges. */
final class Deadlines {

    private static final ScheduledExecutorService TIMER = newTimer();

    private Deadlines() {
    }

    static ScheduledFuture<?> schedule(Runnable action, Duration after) {
        return TIMER.schedule(action, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ScheduledExecutorService newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "futurnal-llm-http-deadline");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
