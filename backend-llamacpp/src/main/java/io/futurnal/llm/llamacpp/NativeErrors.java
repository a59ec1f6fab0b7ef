package io.futurnal.llm.llamacpp;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns failures of the bindings into this library's exceptions. The bindings' {@code LlamaException}
 * is not public, so every {@link RuntimeException} that crosses the native boundary lands here.
 */
final class NativeErrors {

    private static final Pattern JSON_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private NativeErrors() {
    }

    /** A failure while loading {@code path}, whose header had already been validated. */
    static LlmException loadFailure(Path path, GgufHeader header, RuntimeException e) {
        return new InvalidModelFileException(path, "llama.cpp (build b4916, bindings " + NativeLibrary.BINDINGS_VERSION
                + ") could not load this model although its GGUF header is sound: the architecture '"
                + header.architecture() + "' may be unsupported by this build, or tensors are missing or misshapen ("
                + message(e) + ")", e);
    }

    /** A failure during {@code action} (e.g. "generation") on the model at {@code path}. */
    static LlmException callFailure(String action, Path path, RuntimeException e) {
        if (e instanceof LlmException typed) {
            return typed;
        }
        String message = message(e);
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("context size") || lower.contains("too large") || lower.contains("grammar")
                || lower.contains("invalid_request")) {
            return new InvalidRequestException("llama.cpp rejected the request for " + action + ": " + message, e);
        }
        return new BackendFailureException("llama.cpp failed during " + action + " on " + path.getFileName() + ": " + message, e);
    }

    /** The human part of a bindings message, which is sometimes a JSON error object. */
    static String message(Throwable e) {
        String raw = String.valueOf(e.getMessage());
        Matcher m = JSON_MESSAGE.matcher(raw);
        return m.find() ? m.group(1).replace("\\\"", "\"") : raw;
    }
}
