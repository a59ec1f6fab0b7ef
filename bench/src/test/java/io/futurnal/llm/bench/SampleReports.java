package io.futurnal.llm.bench;

import io.futurnal.llm.bench.SuiteResult.SuiteRun;
import java.time.Duration;
import java.util.List;

/** Hand-made reports for the renderer tests. */
final class SampleReports {
    private SampleReports() {
    }

    static BenchReport twoBackendsAndSuite() {
        List<BackendResult> backends = Aggregation.withRatios(List.of(
                Aggregation.aggregate("llamacpp", List.of(
                        AggregationTest.samples("llamacpp", 150.0, List.of(3.0, 4.0), List.of(2500.0, 2600.0), 90L << 20),
                        AggregationTest.samples("llamacpp", 170.0, List.of(3.5, 4.5), List.of(2400.0, 2700.0), 92L << 20))),
                Aggregation.aggregate("hf", List.of(
                        AggregationTest.samples("hf", 900.0, List.of(30.0, 40.0), List.of(600.0, 640.0), 400L << 20))),
                BackendResult.notRun("ollama", BackendResult.Status.UNAVAILABLE, "no server at http://127.0.0.1:11434")));
        SuiteResult suite = new SuiteResult("llamacpp", 3, SuiteWorker.JUNIT,
                new SuiteRun("shared", 300, 500, 1, 1, List.of(200.0, 50.0, 50.0), 3, 0, 0, null),
                new SuiteRun("per-class", 900, 500, 3, 3, List.of(300.0, 300.0, 300.0), 3, 0, 0, null), SuiteScenario.NOTE);
        return new BenchReport(new MachineInfo("AMD EPYC", 2, "Linux 6.1 (amd64)", "17.0.15, OpenJDK 64-Bit Server VM"),
                settings(RunSettings.Scenario.ALL), backends, suite, 42.5, List.of());
    }

    static RunSettings settings(RunSettings.Scenario scenario) {
        return new RunSettings(scenario, List.of(), null, "Once upon a time", 64, 1, 2, 2, 3, "llamacpp", Duration.ofMinutes(5));
    }
}
