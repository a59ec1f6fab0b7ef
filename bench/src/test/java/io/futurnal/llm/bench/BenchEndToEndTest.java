package io.futurnal.llm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole command with the in-test fake backends (src/test META-INF/services): real child JVMs,
 * real aggregation, real table, JSON and chart. No assertion is about speed.
 */
class BenchEndToEndTest {

    @Test
    void measuresTwoBackendsSideBySideAndReportsTheOneThatIsOff(@TempDir Path dir) throws Exception {
        Path chart = dir.resolve("out/bench.png");
        Result r = run("--backends", "fakefast,fakeslow,fakeoff", "--scenario", "backends", "--runs", "2", "--warmup", "1",
                "--jvms", "1", "--max-tokens", "4", "--chart", chart.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("fakefast  fake-story.gguf"), r.out());
        assertTrue(r.out().contains("fakeslow  fake-story.gguf"), r.out());
        assertTrue(r.out().contains("Relative to the best backend of this run"), r.out());
        assertTrue(r.out().contains("fakeoff (unavailable): switched off (test fake)"), r.out());
        // the slow fake reports no prompt time, so its prompt rate is marked as estimated
        assertTrue(r.out().contains("* estimated as prompt tokens / time to first token"), r.out());
        assertTrue(Files.size(chart) > 1000, "chart too small");
        assertFalse(r.out().contains("chart written"), "stdout carries only the table");
        assertTrue(r.err().contains("chart written to"), r.err());
    }

    @Test
    void jsonModePrintsOnlyJsonOnStdoutWithFailuresReported(@TempDir Path dir) throws Exception {
        Path chart = dir.resolve("bench.svg");
        Result r = run("--backends", "fakefast,fakebroken", "--scenario", "backends", "--runs", "2", "--warmup", "0",
                "--jvms", "2", "--max-tokens", "3", "--json", "--chart", chart.toString());
        assertEquals(BenchCommand.EXIT_FAILED, r.exitCode(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode fast = root.path("backends").get(0);
        assertEquals("fakefast", fast.path("id").asText());
        assertEquals(2, fast.path("jvms").asInt());
        assertEquals(2, fast.path("metrics").path("coldLoadMs").path("count").asInt());
        assertEquals(4, fast.path("metrics").path("warmLoadMs").path("count").asInt());
        assertEquals(4, fast.path("metrics").path("decodeTokensPerSecond").path("count").asInt());
        assertTrue(fast.path("metrics").path("peakRssMiB").path("median").asDouble() > 1);
        assertEquals("Once more more", fast.path("text").asText());
        assertEquals(1.0, fast.path("ratioToBest").path("coldLoadMs").asDouble());
        JsonNode broken = root.path("backends").get(1);
        assertEquals("failed", broken.path("status").asText());
        assertTrue(broken.path("reason").asText().contains("the fake model file is corrupt"), broken.toString());
        assertTrue(Files.readString(chart).contains("<svg"));
    }

    @Test
    void suiteScenarioLoadsOnceSharedAndOncePerClassOtherwise(@TempDir Path dir) throws Exception {
        Result r = run("--scenario", "suite", "--suite-backend", "fakefast", "--suite-classes", "3", "--json",
                "--chart", dir.resolve("suite.png").toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode suite = new ObjectMapper().readTree(r.out()).path("suite");
        assertEquals(3, suite.path("classes").asInt());
        assertEquals(SuiteWorker.SIMULATED, suite.path("method").asText(),
                "JUnit and futurnal-llm-bench-suite stay off bench's class path; bench-suite's own test covers the JUnit runner");
        assertEquals(1, suite.path("shared").path("clientsCreated").asInt(), suite.toString());
        assertEquals(3, suite.path("perClass").path("clientsCreated").asInt(), suite.toString());
        assertEquals(3, suite.path("shared").path("testsSucceeded").asInt(), suite.toString());
        assertEquals(3, suite.path("perClass").path("classMs").size(), suite.toString());
        assertTrue(suite.path("perClassOverShared").asDouble() > 0);
    }

    @Test
    void aSuiteBackendThatIsOffIsANoteInTheDefaultScenarioAndAnErrorWhenAskedFor() {
        Result all = run("--backends", "fakefast", "--suite-backend", "fakeoff", "--runs", "1", "--warmup", "0",
                "--jvms", "1", "--max-tokens", "2", "--chart", "none");
        assertEquals(0, all.exitCode(), all.err());
        assertTrue(all.out().contains("note: test-suite scenario not run: backend 'fakeoff' (--suite-backend) is not available: "
                + "switched off (test fake)"), all.out());
        Result suiteOnly = run("--scenario", "suite", "--suite-backend", "nosuchbackend", "--chart", "none");
        assertEquals(BenchCommand.EXIT_NOTHING_MEASURED, suiteOnly.exitCode(), suiteOnly.out());
        assertTrue(suiteOnly.out().contains("'nosuchbackend' (--suite-backend) is not on the class path"), suiteOnly.out());
    }

    @Test
    void badOptionsAreRejectedWithUsage() {
        Result r = run("--runs", "0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--runs must be 1 to 1000"), r.err());
    }

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--quiet");
        int code = cli.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }
}
