package io.futurnal.llm;

import java.nio.file.Path;

/**
 * A model file or directory failed validation before any native code saw it: wrong magic, a
 * truncated file, an unsupported architecture or data type, a missing part.
 */
public class InvalidModelFileException extends LlmException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;

    /** Creates the exception; the message is the path followed by the problem. */
    public InvalidModelFileException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** Creates the exception with the path, the problem and the error that revealed it. */
    public InvalidModelFileException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /** The file or directory that failed validation. */
    public Path path() {
        return path;
    }
}
