package io.futurnal.llm.llamacpp;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A program run in a child JVM by {@link NativeFuzzIT}: it opens one (possibly mutated) GGUF file
 * through the public provider API and generates a few tokens. The exit status says how far it got,
 * so the parent can tell a typed rejection from a crash, which no in-process test can survive.
 *
 * <p>Arguments: the model file and the cache directory. Stdout receives exactly one line,
 * {@value #STDOUT_PREFIX}{@code <outcome>}; details go to stderr.
 */
public final class NativeFuzzChild {

    static final String STDOUT_PREFIX = "native-fuzz-child: ";
    /** Follows the prefix on a generating run, before the answer (escaped to one line), so the parent can compare answers. */
    static final String ANSWER = "generated: ";

    static final int GENERATED = 0;
    /** An LlmException while opening the model, with no llama.cpp exception behind it (the Java validator). */
    static final int REJECTED_BEFORE_NATIVE = 10;
    /** An LlmException while opening the model, caused by the bindings' exception (llama.cpp refused it). */
    static final int REJECTED_BY_NATIVE_LOADER = 11;
    /** The model opened, but generating gave an LlmException. */
    static final int TYPED_FAILURE_IN_GENERATION = 20;
    /** Something other than an LlmException escaped the public API while opening the model. */
    static final int UNTYPED_FAILURE_AT_LOAD = 30;
    /** Something other than an LlmException escaped the public API while generating. */
    static final int UNTYPED_FAILURE_IN_GENERATION = 31;

    private NativeFuzzChild() {
    }

    public static void main(String[] args) {
        LlmConfig config = LlmConfig.builder()
                .environment(Map.of())
                .systemProperties(Map.of())
                .cacheDirectory(Path.of(args[1]))
                .set(LlamaCppSettings.MODEL.name(), args[0])
                .set(LlamaCppSettings.THREADS.name(), "1")
                .build();
        LlmClient client;
        try {
            client = new LlamaCppProvider().create(config);
        } catch (LlmException e) {
            finish(causedByBindings(e) ? REJECTED_BY_NATIVE_LOADER : REJECTED_BEFORE_NATIVE, "rejected", e);
            return;
        } catch (Throwable e) {
            finish(UNTYPED_FAILURE_AT_LOAD, "untyped-at-load", e);
            return;
        }
        try (client) {
            GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).maxTokens(6).build();
            String text = client.generate("Once upon a time", greedy).text();
            finish(GENERATED, ANSWER + escaped(text), null);
        } catch (LlmException e) {
            finish(TYPED_FAILURE_IN_GENERATION, "failed-in-generation", e);
        } catch (Throwable e) {
            finish(UNTYPED_FAILURE_IN_GENERATION, "untyped-in-generation", e);
        }
    }

    /** The answer on one line: backslashes, line breaks and other controls escaped. */
    static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '\\') {
                out.append("\\\\");
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static boolean causedByBindings(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("de.kherud.")) {
                return true;
            }
        }
        return false;
    }

    private static void finish(int status, String outcome, Throwable problem) {
        if (problem != null) {
            System.err.println(STDOUT_PREFIX + problem.getClass().getName() + ": " + problem.getMessage());
        }
        System.out.println(STDOUT_PREFIX + outcome);
        System.out.flush();
        // llama.cpp's worker threads would otherwise keep the JVM alive
        System.exit(status);
    }
}
