package io.futurnal.llm.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;

/**
 * How a worker JVM talks to its parent: on stdout, lines starting with {@link #PROGRESS} report a
 * finished step, and one line starting with {@link #RESULT} carries the samples as JSON. Any other
 * output (a library that prints, logs) is kept only as a log for error messages.
 */
public final class ChildProtocol {
    static final String PROGRESS = "@futurnal-bench:progress ";
    static final String RESULT = "@futurnal-bench:result ";

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final PrintStream out;

    private ChildProtocol(PrintStream out) {
        this.out = out;
    }

    /**
     * Takes over the real stdout for protocol lines and points {@link System#out} at stderr, so a
     * library that prints cannot corrupt the protocol.
     */
    static ChildProtocol claimStdout() {
        PrintStream real = System.out;
        System.setOut(System.err);
        return new ChildProtocol(real);
    }

    void progress(String step) {
        out.println(PROGRESS + step.replace('\n', ' '));
        out.flush();
    }

    void result(Object value) {
        try {
            out.println(RESULT + JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the worker result as JSON", e);
        }
        out.flush();
    }

    /** A short description of a failure for the report: the exception type and message, causes included. */
    public static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 600; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage().lines().findFirst().orElse(""));
            }
        }
        return sb.toString();
    }
}
