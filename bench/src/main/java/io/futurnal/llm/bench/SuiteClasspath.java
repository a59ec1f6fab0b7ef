package io.futurnal.llm.bench;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class path of the suite scenario's child JVM: this JVM's, plus JUnit and
 * {@code futurnal-llm-bench-suite}, which stay off the CLI's own class path. They come from
 * {@value #PROPERTY} when set, else from the {@code suite-lib} folder the CLI build puts beside its
 * {@code lib} folder.
 */
final class SuiteClasspath {
    /** Extra class-path entries for the suite child, in {@code java -cp} form. */
    static final String PROPERTY = "futurnal.llm.bench.suite.classpath";

    private SuiteClasspath() {
    }

    static String forChild() {
        String own = System.getProperty("java.class.path");
        String extra = System.getProperty(PROPERTY, "");
        if (extra.isBlank()) {
            extra = besideTheBenchJar();
        }
        return extra.isBlank() ? own : own + File.pathSeparator + extra;
    }

    /** {@code cli/target/lib/futurnal-llm-bench-*.jar} gives {@code cli/target/suite-lib/*}; empty when absent. */
    private static String besideTheBenchJar() {
        try {
            Path jar = Path.of(SuiteClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isRegularFile(jar) ? jar.getParent().resolveSibling("suite-lib") : null;
            return dir != null && Files.isDirectory(dir) ? dir + File.separator + "*" : "";
        } catch (URISyntaxException | RuntimeException e) {
            return "";
        }
    }
}
