package io.futurnal.llm.langchain4j;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.UnsupportedCapabilityException;

/**
 * Maps our exceptions to LangChain4j's, so that AiServices' retry logic and users' catch blocks
 * work as they do with LangChain4j's own models. The original stays attached as the cause.
 */
final class Errors {
    private Errors() {
    }

    static RuntimeException toLangChain4j(RuntimeException e) {
        if (e instanceof LangChain4jException) {
            return e;
        }
        if (!(e instanceof LlmException llm)) {
            return new LangChain4jException(e.getMessage(), e);
        }
        String message = llm.getMessage();
        if (llm instanceof io.futurnal.llm.AuthenticationException) {
            return new AuthenticationException(message, llm);
        }
        if (llm instanceof io.futurnal.llm.ModelNotFoundException) {
            return new ModelNotFoundException(message, llm);
        }
        if (llm instanceof UnsupportedCapabilityException) {
            UnsupportedFeatureException unsupported = new UnsupportedFeatureException(message);
            unsupported.initCause(llm);
            return unsupported;
        }
        if (llm instanceof io.futurnal.llm.InvalidRequestException) {
            return new InvalidRequestException(message, llm);
        }
        if (llm instanceof LlmTimeoutException) {
            return new TimeoutException(message, llm);
        }
        if (llm instanceof BackendConnectionException) {
            return new RetriableException(message, llm);
        }
        if (llm instanceof BackendFailureException failure) {
            int status = failure.statusCode().orElse(-1);
            if (status == 429) {
                return new RateLimitException(message, llm);
            }
            if (status >= 500 || failure.isRetryable()) {
                return new InternalServerException(message, llm);
            }
        }
        if (llm.isRetryable()) {
            return new RetriableException(message, llm);
        }
        return new NonRetriableException(message, llm);
    }
}
