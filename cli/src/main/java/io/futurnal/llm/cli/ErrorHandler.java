package io.futurnal.llm.cli;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.CancelledException;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.IncompleteOutputException;
import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.spi.Redaction;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Prints a failed command's error as one clear line (a stack trace only with --verbose) and picks the exit code. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int BACKEND_FAILED = 1;
    static final int UNAVAILABLE = 3;
    static final int MODEL_NOT_FOUND = 4;
    static final int INVALID = 5;
    static final int TIMEOUT = 6;
    static final int INCOMPLETE = 7;
    static final int INTERRUPTED = 130;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        err.println("futurnal-llm: error: " + message(e));
        if (isVerbose(parsed)) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(Redaction.forDisplay(trace.toString()));
        }
        err.flush();
        return exitCode(e);
    }

    static int exitCode(Throwable e) {
        if (e instanceof BackendUnavailableException) {
            return UNAVAILABLE;
        }
        if (e instanceof ModelNotFoundException) {
            return MODEL_NOT_FOUND;
        }
        if (e instanceof ConfigurationException || e instanceof InvalidRequestException
                || e instanceof InvalidModelFileException || e instanceof IllegalArgumentException) {
            return INVALID;
        }
        if (e instanceof IncompleteOutputException) {
            return INCOMPLETE;
        }
        if (e instanceof LlmTimeoutException) {
            return TIMEOUT;
        }
        if (e instanceof CancelledException) {
            return INTERRUPTED;
        }
        return BACKEND_FAILED;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        // a message may quote a server's body or a file's bytes: no terminal controls, no passwords in URLs
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : Redaction.forDisplay(m);
    }

    private static boolean isVerbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
