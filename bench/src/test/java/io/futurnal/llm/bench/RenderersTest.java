package io.futurnal.llm.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderersTest {
    private final BenchReport report = SampleReports.twoBackendsAndSuite();

    @Test
    void tableShowsMediansWithSpreadRatiosAndWhatWasNotMeasured() {
        String table = TableRenderer.render(report);
        assertTrue(table.contains("machine: AMD EPYC, 2 cores"), table);
        String llamaRow = line(table, "llamacpp  stories260K.gguf");
        assertTrue(llamaRow.contains("160 (150-170)"), llamaRow); // cold load median of two JVMs
        String hfRatios = table.lines().filter(l -> l.startsWith("hf ") && l.contains("x")).reduce((a, b) -> b).orElseThrow();
        // cold 900/160, decode 2550/620, RSS 400/91
        assertTrue(hfRatios.contains("5.63x"), hfRatios);
        assertTrue(hfRatios.contains("4.11x"), hfRatios);
        assertTrue(table.contains("ollama (unavailable): no server at http://127.0.0.1:11434"), table);
        assertTrue(table.contains("a client per class took 3.00x as long as one shared client"), table);
        assertTrue(table.contains("real JUnit 5 classes"), table);
    }

    @Test
    void jsonCarriesEveryFigureWithItsUnitInTheKey() throws Exception {
        JsonNode root = new ObjectMapper().readTree(JsonReport.render(report));
        assertEquals(2, root.path("machine").path("cores").asInt());
        JsonNode hf = root.path("backends").get(1);
        assertEquals("hf", hf.path("id").asText());
        assertEquals("measured", hf.path("status").asText());
        assertEquals(900.0, hf.path("metrics").path("coldLoadMs").path("median").asDouble());
        assertEquals(1, hf.path("metrics").path("coldLoadMs").path("count").asInt());
        assertEquals(900.0 / 160.0, hf.path("ratioToBest").path("coldLoadMs").asDouble(), 1e-9);
        JsonNode ollama = root.path("backends").get(2);
        assertEquals("unavailable", ollama.path("status").asText());
        assertTrue(ollama.path("metrics").isEmpty());
        assertEquals(3.0, root.path("suite").path("perClassOverShared").asDouble(), 1e-9);
        assertEquals(3, root.path("suite").path("perClass").path("clientsCreated").asInt());
        assertEquals("all", root.path("settings").path("scenario").asText());
    }

    @Test
    void chartIsWrittenAsPngOrSvgByExtension(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("nested/bench.png");
        ChartRenderer.write(report, png);
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
        Path svg = dir.resolve("bench.svg");
        ChartRenderer.write(report, svg);
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg"), text.substring(0, Math.min(200, text.length())));
        // one panel per metric and the suite panel
        assertEquals(Metric.values().length + 1, ChartRenderer.panels(report).size());
    }

    @Test
    void exitCodeSaysWhetherEverythingWasMeasured() {
        assertEquals(0, BenchCommand.exitCode(report));
        BenchReport failed = new BenchReport(report.machine(), report.settings(),
                java.util.List.of(BackendResult.notRun("hf", BackendResult.Status.FAILED, "boom")), null, 1, null);
        assertEquals(BenchCommand.EXIT_NOTHING_MEASURED, BenchCommand.exitCode(failed));
        assertFalse(failed.suiteResult().isPresent());
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no line " + prefix + " in\n" + text));
    }
}
