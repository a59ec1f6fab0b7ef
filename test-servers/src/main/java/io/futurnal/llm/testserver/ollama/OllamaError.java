package io.futurnal.llm.testserver.ollama;

/** An error answer, {@code {"error": message}} with a status, raised inside a route. */
final class OllamaError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    OllamaError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static OllamaError badRequest(String message) {
        return new OllamaError(400, message);
    }

    static OllamaError modelNotFound(String asSent) {
        return new OllamaError(404, "model '" + asSent + "' not found");
    }
}
