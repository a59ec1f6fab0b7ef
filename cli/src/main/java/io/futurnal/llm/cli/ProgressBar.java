package io.futurnal.llm.cli;

import io.futurnal.llm.PullProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Draws pull progress on stderr: a redrawn bar on a terminal; when stderr is a file or a pipe,
 * one line per status change and per ten percent done.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean redraw;
    private String lastStatus = "";
    private long lastDecile = -1;
    private boolean barOpen;

    ProgressBar(PrintWriter err, boolean redraw) {
        this.err = err;
        this.redraw = redraw;
    }

    void update(PullProgress p) {
        double fraction = p.fraction();
        if (fraction < 0) {
            closeBar();
            if (!p.status().equals(lastStatus)) {
                err.println(p.status());
            }
        } else if (redraw) {
            err.print("\r" + render(p));
            barOpen = true;
        } else {
            long decile = Math.round(fraction * 100) / 10;
            if (!p.status().equals(lastStatus) || decile != lastDecile) {
                err.println(render(p));
                lastDecile = decile;
            }
        }
        lastStatus = p.status();
        err.flush();
    }

    void done() {
        closeBar();
        err.flush();
    }

    static String render(PullProgress p) {
        double fraction = Math.max(0, p.fraction());
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %s/%s", p.status(), "#".repeat(filled), " ".repeat(WIDTH - filled),
                Math.round(fraction * 100), bytes(p.completed()), bytes(p.total()));
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private void closeBar() {
        if (barOpen) {
            err.println();
            barOpen = false;
        }
    }
}
