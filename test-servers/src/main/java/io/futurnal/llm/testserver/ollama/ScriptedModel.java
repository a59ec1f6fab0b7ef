package io.futurnal.llm.testserver.ollama;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model the {@link FakeOllamaServer} pretends to have: the tokens it "generates" (the same ones
 * on every call, so tests are deterministic), or an echo of the prompt, plus the facts
 * {@code /api/tags} and {@code /api/show} report.
 *
 * @param name            the Ollama name; a missing tag means {@code :latest}
 * @param tokens          the pieces streamed, in order (ignored when {@code echo})
 * @param echo            whether the answer repeats the prompt (the last user message in a chat) word by word
 * @param thinking        pieces streamed as {@code thinking} before the answer when thinking is on
 * @param capabilities    as {@code /api/show} lists them: {@code completion}, {@code embedding},
 *                        {@code vision}, {@code thinking}, {@code tools}, ...
 * @param family          the architecture, e.g. {@code llama}
 * @param parameterSize   e.g. {@code 8.0B}
 * @param quantization    e.g. {@code Q4_K_M}
 * @param sizeBytes       the size on disk
 * @param contextLength   the context length; longer embedding input is truncated or refused
 * @param embeddingLength the width of the vectors {@code /api/embed} returns
 * @param toolCalls       tool name to the JSON arguments the model calls it with, whenever a chat
 *                        offers that tool and does not end with a tool result
 */
public record ScriptedModel(String name, List<String> tokens, boolean echo, List<String> thinking, List<String> capabilities,
                            String family, String parameterSize, String quantization, long sizeBytes, int contextLength,
                            int embeddingLength, Map<String, String> toolCalls) {

    /** Normalizes the name, copies the lists, requires the facts, and rejects non-positive lengths. */
    public ScriptedModel {
        name = OllamaNames.normalize(Objects.requireNonNull(name, "name"));
        tokens = List.copyOf(tokens);
        thinking = List.copyOf(thinking);
        capabilities = List.copyOf(capabilities);
        toolCalls = toolCalls == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(toolCalls));
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(parameterSize, "parameterSize");
        Objects.requireNonNull(quantization, "quantization");
        if (contextLength < 1 || embeddingLength < 1) {
            throw new IllegalArgumentException("contextLength and embeddingLength must be positive");
        }
    }

    /** A chat model that always answers with {@code tokens}. */
    public static ScriptedModel of(String name, String... tokens) {
        return new ScriptedModel(name, List.of(tokens), false, List.of(), List.of("completion", "tools"),
                "llama", "8.0B", "Q4_K_M", 4_920_753_328L, 8192, 16, Map.of());
    }

    /**
     * A model that answers with {@code count} tokens {@code " tok1"}, {@code " tok2"}, ...: benchmarks
     * use it with a zero chunk delay to measure stream throughput.
     */
    public static ScriptedModel counting(String name, int count) {
        List<String> tokens = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            tokens.add(" tok" + i);
        }
        return of(name).withTokens(tokens);
    }

    /** A model that repeats the prompt back, word by word. */
    public static ScriptedModel echo(String name) {
        return new ScriptedModel(name, List.of(), true, List.of(), List.of("completion"),
                "llama", "1.0B", "Q8_0", 1_321_098_329L, 4096, 16, Map.of());
    }

    /** An embedding model ({@code capabilities: ["embedding"]}) producing vectors of {@code dimensions}. */
    public static ScriptedModel embedding(String name, int dimensions) {
        return new ScriptedModel(name, List.of(), false, List.of(), List.of("embedding"),
                "nomic-bert", "137M", "F16", 274_302_450L, 2048, dimensions, Map.of());
    }

    /** A copy that streams these tokens. */
    public ScriptedModel withTokens(List<String> newTokens) {
        return new ScriptedModel(name, newTokens, false, thinking, capabilities, family, parameterSize, quantization,
                sizeBytes, contextLength, embeddingLength, toolCalls);
    }

    /** A copy with these capabilities. */
    public ScriptedModel withCapabilities(String... caps) {
        return new ScriptedModel(name, tokens, echo, thinking, List.of(caps), family, parameterSize, quantization,
                sizeBytes, contextLength, embeddingLength, toolCalls);
    }

    /** A copy that thinks these pieces first, and has the {@code thinking} capability. */
    public ScriptedModel withThinking(String... pieces) {
        List<String> caps = new ArrayList<>(capabilities);
        if (!caps.contains("thinking")) {
            caps.add("thinking");
        }
        return new ScriptedModel(name, tokens, echo, List.of(pieces), caps, family, parameterSize, quantization,
                sizeBytes, contextLength, embeddingLength, toolCalls);
    }

    /**
     * A copy that calls {@code tool} with {@code argumentsJson} (a JSON object) when a chat offers
     * it, and has the {@code tools} capability. After a tool result the model answers with
     * {@code "Tool <name> said: <result>"}, word by word.
     */
    public ScriptedModel withToolCall(String tool, String argumentsJson) {
        List<String> caps = new ArrayList<>(capabilities);
        if (!caps.contains("tools")) {
            caps.add("tools");
        }
        Map<String, String> calls = new LinkedHashMap<>(toolCalls);
        calls.put(tool, argumentsJson);
        return new ScriptedModel(name, tokens, echo, thinking, caps, family, parameterSize, quantization,
                sizeBytes, contextLength, embeddingLength, calls);
    }

    /** A copy with this context length. */
    public ScriptedModel withContextLength(int length) {
        return new ScriptedModel(name, tokens, echo, thinking, capabilities, family, parameterSize, quantization,
                sizeBytes, length, embeddingLength, toolCalls);
    }

    /** A copy under another name (what {@code /api/copy} makes). */
    public ScriptedModel renamed(String newName) {
        return new ScriptedModel(newName, tokens, echo, thinking, capabilities, family, parameterSize, quantization,
                sizeBytes, contextLength, embeddingLength, toolCalls);
    }

    /** Whether {@code /api/show} lists {@code capability}. */
    public boolean can(String capability) {
        return capabilities.contains(capability);
    }

    /** A stable fake manifest digest, the SHA-256 of the name. */
    public String digest() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
