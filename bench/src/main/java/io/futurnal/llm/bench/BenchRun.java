package io.futurnal.llm.bench;

import io.futurnal.llm.BackendSelector;
import io.futurnal.llm.ProbeOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        List<String> notes = new ArrayList<>();
        BackendScenario.Plan plan = settings.scenario().includesBackends()
                ? BackendScenario.plan(settings)
                : new BackendScenario.Plan(List.of(), List.of());
        boolean suite = settings.scenario().includesSuite();
        if (suite) {
            Optional<String> unavailable = suiteBackendProblem(plan);
            if (unavailable.isPresent()) {
                notes.add("test-suite scenario not run: " + unavailable.get());
                suite = false;
            }
        }
        int steps = BackendScenario.steps(settings, plan.toRun().size()) + (suite ? SuiteScenario.steps(settings) : 0);
        progress.total(steps);
        List<BackendResult> backends = settings.scenario().includesBackends()
                ? new BackendScenario(settings, progress).run(plan)
                : List.of();
        SuiteResult suiteResult = suite ? new SuiteScenario(settings, progress).run() : null;
        return new BenchReport(MachineInfo.current(), settings, backends, suiteResult, (System.nanoTime() - start) / 1e9, notes);
    }

    /** Why the suite's backend cannot run, if it cannot: not on the class path, or its probe says no. */
    private Optional<String> suiteBackendProblem(BackendScenario.Plan plan) {
        String id = settings.suiteBackend();
        if (plan.toRun().contains(id)) {
            return Optional.empty();
        }
        BackendSelector selector = BackendSelector.fromClasspath();
        if (selector.find(id).isEmpty()) {
            return Optional.of("backend '" + id + "' (--suite-backend) is not on the class path");
        }
        String canonical = selector.find(id).get().id();
        Optional<ProbeOutcome> outcome = BackendScenario.detect(selector, settings).outcome(canonical);
        return outcome.filter(o -> !o.available())
                .map(o -> "backend '" + canonical + "' (--suite-backend) is not available: " + o.reason());
    }
}
