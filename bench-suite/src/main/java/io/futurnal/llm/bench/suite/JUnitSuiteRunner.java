package io.futurnal.llm.bench.suite;

import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.bench.ChildProtocol;
import io.futurnal.llm.bench.SuiteResult.SuiteRun;
import io.futurnal.llm.bench.SuiteRunner;
import io.futurnal.llm.bench.SuiteWorkload;
import io.futurnal.llm.testing.LlmExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the {@link SuiteSamples} classes through the JUnit Platform launcher, the way a build tool
 * runs a project's suite, and times each class. Loaded only when JUnit and the testing module are
 * on the class path: this jar registers it for {@link java.util.ServiceLoader}, and only the
 * suite scenario's child JVM has it (and JUnit) on its class path.
 */
public final class JUnitSuiteRunner implements SuiteRunner {

    /** Needed by {@link java.util.ServiceLoader}. */
    public JUnitSuiteRunner() {
    }

    @Override
    public String method() {
        return JUNIT;
    }

    @Override
    public SuiteRun run(String mode, boolean shared, int classes, LlmConfig config, Consumer<String> onClassDone) {
        List<Class<?>> selected = SuiteSamples.classes(shared, classes);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selected.stream().map(DiscoverySelectors::selectClass).toList())
                // a missing backend must fail the run, not skip it quietly
                .configurationParameter(LlmExtension.STRICT, "true")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        ClassTimer timer = new ClassTimer(onClassDone);
        int clientsBefore = LlmExtension.clientsCreated();
        long start = System.nanoTime();
        launcher.execute(request, summary, timer);
        long end = System.nanoTime();
        long firstClass = timer.firstStart().orElse(end);
        double wallMs = (end - firstClass) / 1e6;
        double startupMs = (firstClass - start) / 1e6;
        TestExecutionSummary s = summary.getSummary();
        String error = s.getFailures().isEmpty() ? null : s.getFailures().stream()
                .map(f -> f.getTestIdentifier().getDisplayName() + ": " + ChildProtocol.describe(f.getException()))
                .distinct().limit(3).reduce((a, b) -> a + "; " + b).orElse(null);
        int skipped = (int) (s.getTestsAbortedCount() + s.getTestsSkippedCount() + s.getContainersFailedCount());
        return new SuiteRun(mode, wallMs, startupMs, LlmExtension.clientsCreated() - clientsBefore, SuiteWorkload.loadsReported(), timer.durations(end),
                (int) s.getTestsSucceededCount(), (int) s.getTestsFailedCount(), skipped, error);
    }

    /**
     * Times each test class from its start to the next class's start (the last one: to the end of
     * the run), so a class's time includes closing its client, which JUnit does after reporting the
     * class finished.
     */
    private static final class ClassTimer implements TestExecutionListener {
        private final List<Long> starts = new ArrayList<>();
        private final Consumer<String> onClassDone;

        ClassTimer(Consumer<String> onClassDone) {
            this.onClassDone = onClassDone;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            if (isClass(id)) {
                synchronized (starts) {
                    starts.add(System.nanoTime());
                }
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (isClass(id)) {
                onClassDone.accept(id.getDisplayName());
            }
        }

        java.util.Optional<Long> firstStart() {
            synchronized (starts) {
                return starts.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(starts.get(0));
            }
        }

        List<Double> durations(long endNanos) {
            synchronized (starts) {
                List<Double> durations = new ArrayList<>();
                for (int i = 0; i < starts.size(); i++) {
                    long next = i + 1 < starts.size() ? starts.get(i + 1) : endNanos;
                    durations.add((next - starts.get(i)) / 1e6);
                }
                return durations;
            }
        }

        private static boolean isClass(TestIdentifier id) {
            return id.isContainer() && id.getSource().filter(ClassSource.class::isInstance).isPresent();
        }
    }
}
