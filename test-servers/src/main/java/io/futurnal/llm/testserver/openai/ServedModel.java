package io.futurnal.llm.testserver.openai;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model the {@link FakeOpenAiServer} serves: the pieces it "generates" (the same on every call),
 * or an echo of the prompt, plus what {@code /v1/models} says about it.
 *
 * @param id                  the id clients send as {@code model}, e.g. a Hugging Face id as vLLM uses
 * @param tokens              the pieces streamed, in order (ignored when {@code echo})
 * @param echo                whether the answer repeats the prompt (the last user message of a chat) word by word
 * @param embeddingDimensions the width of its embeddings, or 0 when it cannot embed
 * @param maxModelLen         the context length {@code /v1/models} reports as {@code max_model_len}
 * @param reasoning           pieces streamed as {@code reasoning_content} before the answer, as vLLM
 *                            with a reasoning parser does (none when {@code enable_thinking} is false)
 * @param toolCalls           tool name to the JSON arguments the model calls it with when a chat offers
 *                            that tool (and the tool choice allows it) and does not end with a tool result
 */
public record ServedModel(String id, List<String> tokens, boolean echo, int embeddingDimensions, int maxModelLen,
                          List<String> reasoning, Map<String, String> toolCalls) {

    /** Requires a non-blank id, copies the tokens, and rejects negative dimensions or a non-positive length. */
    public ServedModel {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a served model needs an id");
        }
        tokens = List.copyOf(tokens);
        reasoning = reasoning == null ? List.of() : List.copyOf(reasoning);
        toolCalls = toolCalls == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(toolCalls));
        if (embeddingDimensions < 0 || maxModelLen < 1) {
            throw new IllegalArgumentException("embeddingDimensions must be 0 or more and maxModelLen positive");
        }
    }

    /** A generative model that always answers with {@code tokens}. */
    public static ServedModel of(String id, String... tokens) {
        return new ServedModel(id, List.of(tokens), false, 0, 4096, List.of(), Map.of());
    }

    /** A generative model that repeats the prompt back, word by word. */
    public static ServedModel echo(String id) {
        return new ServedModel(id, List.of(), true, 0, 4096, List.of(), Map.of());
    }

    /** An embedding model producing unit vectors of {@code dimensions}. */
    public static ServedModel embedding(String id, int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be positive");
        }
        return new ServedModel(id, List.of(), false, dimensions, 512, List.of(), Map.of());
    }

    /** A model answering with {@code count} pieces {@code " tok1"}, {@code " tok2"}, ... (for throughput runs). */
    public static ServedModel counting(String id, int count) {
        List<String> pieces = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            pieces.add(" tok" + i);
        }
        return new ServedModel(id, pieces, false, 0, 4096, List.of(), Map.of());
    }

    /** A copy that also embeds, with vectors of {@code dimensions} (a real server has separate models; a fake need not). */
    public ServedModel withEmbeddings(int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be positive");
        }
        return new ServedModel(id, tokens, echo, dimensions, maxModelLen, reasoning, toolCalls);
    }

    /** A copy with this context length, which a prompt plus {@code max_tokens} must fit. */
    public ServedModel withMaxModelLen(int tokens) {
        return new ServedModel(id, this.tokens, echo, embeddingDimensions, tokens, reasoning, toolCalls);
    }

    /** A copy that reasons these pieces first, streamed as {@code reasoning_content}. */
    public ServedModel withReasoning(String... pieces) {
        return new ServedModel(id, tokens, echo, embeddingDimensions, maxModelLen, List.of(pieces), toolCalls);
    }

    /**
     * A copy that calls {@code tool} with {@code argumentsJson} (a JSON object) when a chat offers
     * it. After a tool result the model answers {@code "Tool <name> said: <result>"}, word by word.
     */
    public ServedModel withToolCall(String tool, String argumentsJson) {
        Map<String, String> calls = new LinkedHashMap<>(toolCalls);
        calls.put(tool, argumentsJson);
        return new ServedModel(id, tokens, echo, embeddingDimensions, maxModelLen, reasoning, calls);
    }

    /** Whether it serves {@code /v1/embeddings}. */
    public boolean canEmbed() {
        return embeddingDimensions > 0;
    }
}
