package io.futurnal.llm.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.futurnal.llm.bench.BenchCommand;
import io.futurnal.llm.bench.SuiteRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The suite scenario with this jar and JUnit on the child's class path runs the sample classes
 * through the JUnit Platform, on the real llama.cpp backend and the bundled model.
 */
class JUnitSuiteScenarioTest {

    @Test
    void theSuiteScenarioRunsRealTestClassesThroughTheJUnitPlatform() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        int code = cli.execute("--scenario", "suite", "--suite-backend", "llamacpp", "--suite-classes", "2",
                "--json", "--chart", "none", "--quiet");
        assertEquals(0, code, err + out.toString());
        JsonNode suite = new ObjectMapper().readTree(out.toString()).path("suite");
        assertEquals(SuiteRunner.JUNIT, suite.path("method").asText(), suite.toString());
        assertEquals(1, suite.path("shared").path("clientsCreated").asInt(), suite.toString());
        assertEquals(2, suite.path("perClass").path("clientsCreated").asInt(), suite.toString());
        assertEquals(2, suite.path("shared").path("testsSucceeded").asInt(), suite.toString());
    }
}
