package io.futurnal.llm.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.futurnal.llm.BackendSelector;
import io.futurnal.llm.DetectionReport;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ProbeOutcome;
import io.futurnal.llm.spi.LlmBackendProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parent side of the backends scenario: decides which backends to run, runs each in
 * {@link RunSettings#forks()} fresh child JVMs (interleaved, so slow drift of the machine hits all
 * backends alike), and aggregates the samples.
 */
final class BackendScenario {
    private final RunSettings settings;
    private final ProgressBar progress;

    BackendScenario(RunSettings settings, ProgressBar progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * The plan: the backends to run, in order, and those that will not run with the reason. With
     * no backends named, every available backend on the class path in priority order.
     */
    record Plan(List<String> toRun, List<BackendResult> notRun) {
    }

    static Plan plan(RunSettings settings) {
        BackendSelector selector = BackendSelector.fromClasspath();
        DetectionReport report = detect(selector, settings);
        List<String> toRun = new ArrayList<>();
        List<BackendResult> notRun = new ArrayList<>();
        if (settings.backends().isEmpty()) {
            for (ProbeOutcome o : report.outcomes()) {
                if (o.available()) {
                    toRun.add(o.id());
                } else if (!o.id().startsWith("(")) {
                    notRun.add(BackendResult.notRun(o.id(), BackendResult.Status.UNAVAILABLE, o.reason()));
                }
            }
            return new Plan(toRun, notRun);
        }
        for (String name : settings.backends()) {
            Optional<LlmBackendProvider> provider = selector.find(name);
            if (provider.isEmpty()) {
                notRun.add(BackendResult.notRun(name, BackendResult.Status.UNAVAILABLE,
                        "not on the class path (installed: " + String.join(", ",
                                selector.providers().stream().map(LlmBackendProvider::id).toList()) + ")"));
                continue;
            }
            String id = provider.get().id();
            Optional<ProbeOutcome> outcome = report.outcome(id);
            if (outcome.isPresent() && !outcome.get().available()) {
                notRun.add(BackendResult.notRun(id, BackendResult.Status.UNAVAILABLE, outcome.get().reason()));
            } else if (!toRun.contains(id)) {
                toRun.add(id);
            }
        }
        return new Plan(toRun, notRun);
    }

    /** Progress steps for running {@code backends}. */
    static int steps(RunSettings settings, int backends) {
        return backends * settings.forks() * request(settings, "x").steps();
    }

    /** Runs every backend of the plan and returns its results followed by the ones not run, with ratios. */
    List<BackendResult> run(Plan plan) {
        Map<String, List<WorkerSamples>> samples = new LinkedHashMap<>();
        plan.toRun().forEach(id -> samples.put(id, new ArrayList<>()));
        for (int fork = 1; fork <= settings.forks(); fork++) {
            for (String id : plan.toRun()) {
                List<WorkerSamples> done = samples.get(id);
                WorkerRequest request = request(settings, id);
                if (!done.isEmpty() && done.stream().noneMatch(WorkerSamples::succeeded)) {
                    progress.skip(request.steps()); // it failed once; more forks would fail the same way
                    continue;
                }
                progress.task(id + " (JVM " + fork + "/" + settings.forks() + ")");
                done.add(runFork(request));
            }
        }
        List<BackendResult> results = new ArrayList<>();
        samples.forEach((id, runs) -> results.add(Aggregation.aggregate(id, runs)));
        results.addAll(plan.notRun());
        return Aggregation.withRatios(results);
    }

    private WorkerSamples runFork(WorkerRequest request) {
        int[] done = {0};
        ChildJvm.Outcome outcome = ChildJvm.run(BackendWorker.class, request.toArgs(), settings.timeout(), step -> {
            done[0]++;
            progress.step(step);
        });
        progress.skip(request.steps() - done[0]);
        if (outcome.resultJson().isEmpty()) {
            return WorkerSamples.failed(request.backend(), outcome.failure(settings.timeout()));
        }
        try {
            return ChildProtocol.JSON.readValue(outcome.resultJson().get(), WorkerSamples.class);
        } catch (JsonProcessingException e) {
            return WorkerSamples.failed(request.backend(), "unreadable worker result: " + e.getOriginalMessage());
        }
    }

    private static WorkerRequest request(RunSettings settings, String id) {
        return new WorkerRequest(id, settings.model(), settings.prompt(), settings.maxTokens(), settings.warmup(), settings.runs());
    }

    /** Probes {@code selector}'s providers for the run's model, with a deadline fit for a benchmark. */
    static DetectionReport detect(BackendSelector selector, RunSettings settings) {
        return selector.detect(detectionConfig(settings));
    }

    private static LlmConfig detectionConfig(RunSettings settings) {
        LlmConfig base = LlmConfig.fromEnvironment();
        LlmConfig.Builder builder = base.toBuilder();
        if (settings.model() != null) {
            builder.model(settings.model());
        }
        return builder.build();
    }
}
