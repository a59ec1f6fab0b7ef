package io.futurnal.llm.bench;

import java.util.Locale;

/** Number formatting for the table and the chart: about three significant digits. */
final class Numbers {
    private Numbers() {
    }

    /** {@code 1234} as "1234", {@code 12.345} as "12.3", {@code 1.2345} as "1.23", NaN as "n/a". */
    static String format(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        String pattern = abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /** A slowdown factor: "1.00x", "4.2x". */
    static String ratio(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2fx" : "%.1fx", value);
    }

    /** A median with its min-max spread: "412 (398-430)". */
    static String withSpread(Stats s) {
        if (s.count() == 1) {
            return format(s.median());
        }
        return format(s.median()) + " (" + format(s.min()) + "-" + format(s.max()) + ")";
    }

    /** The last part of a path-like model name, so a GGUF path reads as its file name. */
    static String shortModel(String model) {
        if (model == null) {
            return "-";
        }
        String trimmed = model.replaceAll("[/\\\\]+$", "");
        int cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        return cut >= 0 && cut < trimmed.length() - 1 ? trimmed.substring(cut + 1) : trimmed;
    }
}
