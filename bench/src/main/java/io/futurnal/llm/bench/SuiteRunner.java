package io.futurnal.llm.bench;

import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.bench.SuiteResult.SuiteRun;
import java.util.function.Consumer;

/**
 * Runs the suite scenario's test classes inside its child JVM. The JUnit runner ships in
 * {@code futurnal-llm-bench-suite}, found through {@link java.util.ServiceLoader} on that child's
 * own class path, so JUnit never joins the library's or the CLI's runtime class path; without it
 * the bench falls back to a simulated run.
 */
public interface SuiteRunner {

    /** The {@code method} of runs through the JUnit Platform launcher. */
    String JUNIT = "junit-platform";

    /** How many sample classes there are of each kind: the most {@code --suite-classes} allows. */
    int MAX_CLASSES = 10;

    /** How the classes are run, for the report (e.g. {@value #JUNIT}). */
    String method();

    /**
     * Runs the first {@code classes} sample classes once and times them.
     *
     * @param mode        {@code shared} or {@code per-class}, for the report
     * @param shared      whether the classes share one client
     * @param config      the configuration the classes' clients use
     * @param onClassDone called with each finished class's name
     */
    SuiteRun run(String mode, boolean shared, int classes, LlmConfig config, Consumer<String> onClassDone);
}
