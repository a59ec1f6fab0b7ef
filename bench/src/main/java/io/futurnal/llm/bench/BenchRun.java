package io.futurnal.llm.bench;

import java.util.List;

/** One bench run: plans, runs the scenarios with progress, and assembles the report. */
final class BenchRun {
    private final RunSettings settings;
    private final ProgressBar progress;

    BenchRun(RunSettings settings, ProgressBar progress) {
        this.settings = settings;
        this.progress = progress;
    }

    BenchReport run() {
        long start = System.nanoTime();
        BackendScenario.Plan plan = settings.scenario().includesBackends()
                ? BackendScenario.plan(settings)
                : new BackendScenario.Plan(List.of(), List.of());
        int steps = BackendScenario.steps(settings, plan.toRun().size())
                + (settings.scenario().includesSuite() ? SuiteScenario.steps(settings) : 0);
        progress.total(steps);
        List<BackendResult> backends = settings.scenario().includesBackends()
                ? new BackendScenario(settings, progress).run(plan)
                : List.of();
        SuiteResult suite = settings.scenario().includesSuite() ? new SuiteScenario(settings, progress).run() : null;
        return new BenchReport(MachineInfo.current(), settings, backends, suite, (System.nanoTime() - start) / 1e9);
    }
}
