package io.futurnal.llm.testserver.openai;

/** An error answer a route gives instead of a result, in vLLM's terms. */
final class OpenAiFailure extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;
    final String type;
    final String param;

    OpenAiFailure(int status, String type, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
    }

    /** 400 BadRequestError, as vLLM answers a request it cannot validate. */
    static OpenAiFailure badRequest(String param, String message) {
        return new OpenAiFailure(400, "BadRequestError", param, message);
    }

    /** 404 NotFoundError with vLLM's text for a model it does not serve. */
    static OpenAiFailure modelNotFound(String model) {
        return new OpenAiFailure(404, "NotFoundError", "model", "The model `" + model + "` does not exist.");
    }
}
