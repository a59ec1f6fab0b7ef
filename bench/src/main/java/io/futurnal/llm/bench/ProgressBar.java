package io.futurnal.llm.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The bench's progress on stderr. On a terminal it is one bar redrawn in place; when stderr is a
 * file or a pipe it is one line per task, so logs stay readable. Thread-safe: child JVM output is
 * read on other threads.
 */
final class ProgressBar {
    private static final int WIDTH = 28;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final boolean redraw;
    private final long startNanos = System.nanoTime();
    private int total;
    private int done;
    private String task = "";
    private String detail = "";
    private long lastDraw;
    private boolean lineOpen;

    ProgressBar(PrintWriter err, boolean enabled, boolean redraw) {
        this.err = err;
        this.enabled = enabled;
        this.redraw = redraw;
    }

    /** A bar for stderr that redraws only when stderr is a terminal. */
    static ProgressBar forStderr(PrintWriter err, boolean enabled) {
        return new ProgressBar(err, enabled, stderrIsTerminal());
    }

    synchronized void total(int steps) {
        total = Math.max(steps, 0);
    }

    /** Starts a named task (one child JVM). */
    synchronized void task(String name) {
        task = name;
        detail = "";
        if (!enabled) {
            return;
        }
        if (redraw) {
            draw();
        } else {
            err.println(String.format(Locale.ROOT, "[%3d%%] %s", percent(), name));
            err.flush();
        }
    }

    /** One step of the current task is done. */
    synchronized void step(String what) {
        done = Math.min(done + 1, total);
        detail = what;
        if (enabled && redraw && System.nanoTime() - lastDraw > REDRAW_NANOS) {
            draw();
        }
    }

    /** Steps that will not run (a failed JVM), so the bar still ends at 100%. */
    synchronized void skip(int steps) {
        done = Math.min(done + Math.max(steps, 0), total);
    }

    /** Clears the bar; call before printing the result. */
    synchronized void finish() {
        if (enabled && redraw && lineOpen) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
            lineOpen = false;
        }
    }

    /** The bar as drawn, e.g. {@code [#######       ]  50% 0:12 hf (JVM 1/3) generation 3}. */
    synchronized String render() {
        int filled = total == 0 ? 0 : (int) Math.round((double) done / total * WIDTH);
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        String line = String.format(Locale.ROOT, "[%s%s] %3d%% %d:%02d %s%s", "#".repeat(filled), " ".repeat(WIDTH - filled),
                percent(), seconds / 60, seconds % 60, task, detail.isEmpty() ? "" : ": " + detail);
        return line.length() > 99 ? line.substring(0, 99) : line;
    }

    private int percent() {
        return total == 0 ? 0 : (int) Math.round(100.0 * done / total);
    }

    private void draw() {
        String line = render();
        err.print("\r" + line + " ".repeat(Math.max(0, 99 - line.length())));
        err.flush();
        lineOpen = true;
        lastDraw = System.nanoTime();
    }

    private static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // fall through to the console check
        }
        return System.console() != null;
    }
}
