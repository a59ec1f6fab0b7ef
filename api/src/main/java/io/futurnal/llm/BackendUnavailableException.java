package io.futurnal.llm;

import java.util.Optional;

/** No backend could serve the request: the one asked for is unavailable, or none is available. */
public class BackendUnavailableException extends LlmException {
    private static final long serialVersionUID = 1L;
    private final transient DetectionReport report;

    /** Creates the exception with the detection report that explains why each backend was rejected. */
    public BackendUnavailableException(String message, DetectionReport report) {
        super(message);
        this.report = report;
    }

    /** Creates the exception without a detection report. */
    public BackendUnavailableException(String message) {
        this(message, null);
    }

    /** The detection report behind this failure, when selection produced one. */
    public Optional<DetectionReport> report() {
        return Optional.ofNullable(report);
    }
}
