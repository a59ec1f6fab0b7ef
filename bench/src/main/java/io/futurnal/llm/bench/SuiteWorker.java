package io.futurnal.llm.bench;

import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.bench.SuiteResult.SuiteRun;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The child JVM of the suite scenario: runs the N test classes once, with a shared client or a
 * client per class, and prints the outcome as one {@link ChildProtocol} line. Started by the
 * parent; not meant to be run by hand.
 */
public final class SuiteWorker {
    static final String JUNIT = SuiteRunner.JUNIT;
    static final String SIMULATED = "simulated";

    private SuiteWorker() {
    }

    /**
     * The outcome of one child.
     *
     * @param method how the classes were run ({@value #JUNIT} or {@value #SIMULATED})
     * @param run    the timings
     */
    record Outcome(String method, SuiteRun run) {
    }

    /**
     * Runs the classes described by the arguments and exits.
     *
     * @param args {@code --name value} pairs written by the parent
     */
    public static void main(String[] args) {
        ChildProtocol protocol = ChildProtocol.claimStdout();
        Outcome outcome;
        String mode = "?";
        try {
            ArgPairs a = ArgPairs.of(args);
            mode = a.required("--mode");
            boolean shared = "shared".equals(mode);
            int classes = a.integer("--classes");
            String backend = a.required("--backend");
            String model = a.optional("--model");
            SuiteWorkload.set(a.required("--prompt"), a.integer("--max-tokens"));
            LlmConfig config = BackendWorker.config(backend, model);
            // the extension reads the same configuration the library does
            System.setProperty(LlmConfig.BACKEND, backend);
            if (model != null) {
                System.setProperty(LlmConfig.MODEL, model);
            }
            config.get(LlmConfig.DETECT_TIMEOUT).ifPresent(t -> System.setProperty(LlmConfig.DETECT_TIMEOUT, t));
            Optional<SuiteRunner> junit = junitRunner();
            if (junit.isPresent()) {
                outcome = new Outcome(junit.get().method(), junit.get().run(mode, shared, classes, config, c -> progress(protocol, c)));
            } else {
                outcome = new Outcome(SIMULATED, SimulatedSuiteRunner.run(mode, shared, classes, config, c -> progress(protocol, c)));
            }
        } catch (RuntimeException | LinkageError e) {
            outcome = new Outcome("?", SuiteRun.failed(mode, ChildProtocol.describe(e)));
        }
        protocol.result(outcome);
        System.exit(0);
    }

    /** Reports a finished class by its simple name ({@code Shared03}, not {@code SuiteSamples$Shared03}). */
    private static void progress(ChildProtocol protocol, String className) {
        protocol.progress(className.substring(className.lastIndexOf('$') + 1));
    }

    /** The JUnit runner of {@code futurnal-llm-bench-suite}, when it and JUnit are on this JVM's class path. */
    static Optional<SuiteRunner> junitRunner() {
        try {
            return ServiceLoader.load(SuiteRunner.class, SuiteWorker.class.getClassLoader()).findFirst();
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            return Optional.empty();
        }
    }
}
