package io.futurnal.llm.testserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The log a module's tests write when its surefire configuration sends slf4j-simple's output at
 * DEBUG to {@code target/test-debug.log}, for the checks that a secret never reaches a log line.
 */
public final class DebugLog {

    /** Where the module's tests log. */
    public static final Path FILE = Path.of("target", "test-debug.log");

    private DebugLog() {
    }

    /** Everything logged so far. */
    public static String read() throws IOException {
        return Files.readString(FILE, StandardCharsets.UTF_8);
    }

    /**
     * Checks that HttpClient's header and wire loggers are on at DEBUG (so that the check means
     * something), that the log holds {@code expected} (the client's own debug lines are there) and
     * that it never holds {@code secret}.
     *
     * @throws AssertionError when any of these fails
     */
    public static void assertNeverHolds(String secret, String expected) throws IOException {
        if (!(LoggerFactory.getLogger("org.apache.hc.client5.http.headers").isDebugEnabled()
                && LoggerFactory.getLogger("org.apache.hc.client5.http.wire").isDebugEnabled())) {
            throw new AssertionError("the surefire configuration turns HttpClient's header and wire logs on,"
                    + " so that this check means something");
        }
        String logged = read();
        if (!logged.contains(expected)) {
            throw new AssertionError("the client's debug lines are in the log: no '" + expected + "' in " + FILE);
        }
        if (logged.contains(secret)) {
            throw new AssertionError("the secret leaked into the debug log " + FILE);
        }
    }
}
