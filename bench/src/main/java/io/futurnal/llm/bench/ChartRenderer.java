package io.futurnal.llm.bench;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;

/**
 * Draws the report with XChart: one bar panel per metric (backends side by side, each bar
 * labelled with its median; the axis names each backend with its slowdown factor), plus a panel
 * for the suite scenario. PNG or SVG, chosen by the file name.
 */
final class ChartRenderer {
    private static final int PANEL_WIDTH = 400;
    private static final int PANEL_HEIGHT = 260;
    private static final int HEADER = 44;
    private static final Color[] COLORS = {
        new Color(0x3B6EA5), new Color(0xD9822B), new Color(0x4E9A57), new Color(0xB5495B),
        new Color(0x7E62A8), new Color(0x8C7A5B), new Color(0x2A9D8F)};

    private ChartRenderer() {
    }

    /** Writes the chart to {@code file}: SVG when the name ends in {@code .svg}, else PNG. */
    static void write(BenchReport report, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<CategoryChart> panels = panels(report);
        if (panels.isEmpty()) {
            throw new IOException("nothing was measured, so there is no chart to draw");
        }
        int columns = Math.min(3, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        int width = columns * PANEL_WIDTH;
        int height = HEADER + rows * PANEL_HEIGHT;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean svg = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
        try (OutputStream out = Files.newOutputStream(file)) {
            if (svg) {
                VectorGraphics2D g = new VectorGraphics2D();
                paint(g, report, panels, columns, width);
                Document doc = Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, width, height));
                doc.writeTo(out);
            } else {
                BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                try {
                    paint(g, report, panels, columns, width);
                } finally {
                    g.dispose();
                }
                ImageIO.write(image, "png", out);
            }
        }
    }

    private static void paint(Graphics2D g, BenchReport report, List<CategoryChart> panels, int columns, int width) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, HEADER + ((panels.size() + columns - 1) / columns) * PANEL_HEIGHT);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title(report), 12, 19);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(subtitle(report), 12, 36);
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D panel = (Graphics2D) g.create((i % columns) * PANEL_WIDTH, HEADER + (i / columns) * PANEL_HEIGHT,
                    PANEL_WIDTH, PANEL_HEIGHT);
            try {
                panels.get(i).paint(panel, PANEL_WIDTH, PANEL_HEIGHT);
            } finally {
                panel.dispose();
            }
        }
    }

    static List<CategoryChart> panels(BenchReport report) {
        List<CategoryChart> panels = new ArrayList<>();
        List<BackendResult> measured = report.measured();
        int colour = 0;
        for (Metric m : Metric.values()) {
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (BackendResult r : measured) {
                r.stat(m).ifPresent(s -> {
                    names.add(r.id() + r.ratio(m).filter(x -> measured.size() > 1).map(x -> " " + Numbers.ratio(x)).orElse(""));
                    values.add(s.median());
                });
            }
            if (!values.isEmpty()) {
                String better = m.higherIsBetter() ? "higher is better" : "lower is better";
                panels.add(panel(capitalise(m.label()) + ", " + m.unit() + " (" + better + ")", names, values, COLORS[colour % COLORS.length]));
            }
            colour++;
        }
        SuiteResult suite = report.suite();
        if (suite != null && Double.isFinite(suite.shared().wallMs()) && Double.isFinite(suite.perClass().wallMs())) {
            panels.add(panel("Test suite, " + suite.classes() + " classes: wall s (lower is better)",
                    List.of("shared client", "client per class " + Numbers.ratio(suite.slowdown())),
                    List.of(suite.shared().wallMs() / 1000, suite.perClass().wallMs() / 1000), COLORS[colour % COLORS.length]));
        }
        return panels;
    }

    private static CategoryChart panel(String title, List<String> names, List<Double> values, Color colour) {
        CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title).build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(new Color(0xF7F7F7));
        styler.setPlotBorderVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setSeriesColors(new Color[] {colour});
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.getStyler().setDecimalPattern(decimalPattern(values));
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries("median", names, values);
        return chart;
    }

    private static String decimalPattern(List<Double> values) {
        double max = values.stream().mapToDouble(Math::abs).max().orElse(0);
        return max >= 100 ? "#,##0" : max >= 10 ? "#,##0.0" : "#,##0.00";
    }

    private static String title(BenchReport report) {
        List<String> models = report.measured().stream().map(r -> Numbers.shortModel(r.model())).distinct().toList();
        return "futurnal-llm bench" + (models.isEmpty() ? "" : ": " + String.join(", ", models));
    }

    private static String subtitle(BenchReport report) {
        RunSettings s = report.settings();
        return String.format(Locale.ROOT, "median of %d run%s x %d JVM%s, %d tokens, greedy; bar axis: backend and slowdown vs the best; %s",
                s.runs(), s.runs() == 1 ? "" : "s", s.forks(), s.forks() == 1 ? "" : "s", s.maxTokens(), report.machine().brief());
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
