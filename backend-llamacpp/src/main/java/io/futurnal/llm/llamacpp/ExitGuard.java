package io.futurnal.llm.llamacpp;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a program that has used llama.cpp end when its {@code main} returns.
 *
 * <p>The bindings run each model's task loop on a native thread that they attach to the JVM as a
 * non-daemon thread and never detach, not even after {@code close()}. The JVM's normal shutdown waits
 * for such threads forever, and nothing short of {@link System#exit} can end it. Once armed (at the
 * first model load), this guard waits on a daemon thread for the {@code main} thread to end; when
 * every thread still keeping the JVM alive is a native thread with no Java frames (or the JVM's own
 * {@code DestroyJavaVM} thread), it calls {@code System.exit}, with status 1 when {@code main}
 * ended by an uncaught exception and 0 otherwise. Programs that still run other non-daemon
 * threads are left alone until those end. It can be turned off with
 * {@link LlamaCppSettings#EXIT_GUARD}.
 */
final class ExitGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ExitGuard.class);
    private static final AtomicBoolean ARMED = new AtomicBoolean();
    private static final long POLL_MILLIS = 100;
    private static volatile boolean mainFailed;

    private ExitGuard() {
    }

    /** Starts the guard once per JVM; does nothing when there is no {@code main} thread to watch. */
    static void arm() {
        if (!ARMED.compareAndSet(false, true)) {
            return;
        }
        Thread main = findMainThread();
        if (main == null || !main.isAlive()) {
            LOG.debug("no live main thread; the llama.cpp exit guard stays off");
            return;
        }
        if (main.getUncaughtExceptionHandler() == main.getThreadGroup()) {
            ThreadGroup group = main.getThreadGroup();
            main.setUncaughtExceptionHandler((thread, error) -> {
                mainFailed = true;
                group.uncaughtException(thread, error);
            });
        }
        Thread watcher = new Thread(() -> watch(main), "futurnal-llamacpp-exit-guard");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void watch(Thread main) {
        try {
            main.join();
            int quietChecks = 0;
            while (quietChecks < 2) {
                Thread.sleep(POLL_MILLIS);
                quietChecks = onlyStrandedThreadsLeft() ? quietChecks + 1 : 0;
            }
            LOG.debug("main has ended and only llama.cpp's native threads keep the JVM alive; exiting");
            System.exit(mainFailed ? 1 : 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether every live non-daemon thread is a native thread without Java frames, or DestroyJavaVM. */
    static boolean onlyStrandedThreadsLeft() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (t.isDaemon() || !t.isAlive() || t == Thread.currentThread()) {
                continue;
            }
            boolean destroyer = t.getName().equals("DestroyJavaVM");
            boolean nativeOnly = e.getValue().length == 0 && t.getName().startsWith("Thread-");
            if (!destroyer && !nativeOnly) {
                return false;
            }
        }
        return true;
    }

    private static Thread findMainThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("main") && t.getThreadGroup() != null && "main".equals(t.getThreadGroup().getName())) {
                return t;
            }
        }
        return null;
    }
}
