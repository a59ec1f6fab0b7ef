package io.futurnal.llm.llamacpp;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Facts about a GGUF model read from its header by {@link GgufReader}, without loading it.
 *
 * @param path               the file
 * @param fileSize           its size in bytes
 * @param version            the GGUF version (2 or 3)
 * @param architecture       {@code general.architecture}, e.g. {@code llama}
 * @param name               {@code general.name}, or empty when the file has none
 * @param contextLength      the context the model was trained with ({@code <arch>.context_length}), 0 when absent
 * @param blockCount         transformer layers ({@code <arch>.block_count}), 0 when absent
 * @param embeddingLength    width of the hidden state ({@code <arch>.embedding_length}), 0 when absent
 * @param parameterCount     the number of weights: the sum of the element counts of all tensors
 * @param fileType           the quantisation the file declares ({@code general.file_type}, e.g. {@code Q4_K_M}),
 *                           or empty when it declares none
 * @param dominantTensorType the ggml type holding most of the weights, e.g. {@code Q4_K} or {@code F32}
 * @param tensorCount        the number of tensors
 * @param tensorDataOffset   where the tensor data starts in the file
 * @param alignment          the alignment of tensor data ({@code general.alignment}, 32 by default)
 * @param vocabularySize     tokens in the vocabulary, 0 when the file has none
 * @param tokenizerModel     {@code tokenizer.ggml.model}, e.g. {@code llama} (SentencePiece) or {@code gpt2} (BPE)
 * @param addBosToken        whether the tokenizer puts a beginning-of-sequence token before a prompt
 * @param chatTemplate       {@code tokenizer.chat_template}, or empty when the model has none
 * @param poolingType        {@code <arch>.pooling_type} for embedding models, -1 when absent
 * @param metadata           every scalar metadata value as text (long strings shortened, arrays summarised)
 */
public record GgufHeader(
        Path path,
        long fileSize,
        int version,
        String architecture,
        String name,
        long contextLength,
        long blockCount,
        long embeddingLength,
        long parameterCount,
        String fileType,
        String dominantTensorType,
        long tensorCount,
        long tensorDataOffset,
        int alignment,
        long vocabularySize,
        String tokenizerModel,
        boolean addBosToken,
        String chatTemplate,
        int poolingType,
        Map<String, String> metadata) {

    /** Requires path and architecture, turns null texts into empty strings, and copies the metadata. */
    public GgufHeader {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(architecture, "architecture");
        name = Objects.requireNonNullElse(name, "");
        fileType = Objects.requireNonNullElse(fileType, "");
        dominantTensorType = Objects.requireNonNullElse(dominantTensorType, "");
        tokenizerModel = Objects.requireNonNullElse(tokenizerModel, "");
        chatTemplate = Objects.requireNonNullElse(chatTemplate, "");
        metadata = Map.copyOf(metadata);
    }

    /** The quantisation: the declared file type, or else the type holding most weights. */
    public String quantization() {
        return fileType.isEmpty() ? dominantTensorType : fileType;
    }

    /** The model's own chat template, when it has one. */
    public Optional<String> chatTemplateText() {
        return chatTemplate.isEmpty() ? Optional.empty() : Optional.of(chatTemplate);
    }

    /** The parameter count in the short form model cards use: {@code 260K}, {@code 8.0B}. */
    public String parameterCountText() {
        return shortCount(parameterCount);
    }

    /** One line for listings, e.g. {@code llama, 292K parameters, F32, context 512}. */
    public String summary() {
        return architecture + ", " + parameterCountText() + " parameters, " + quantization()
                + (contextLength > 0 ? ", context " + contextLength : "");
    }

    static String shortCount(long n) {
        if (n < 1_000) {
            return Long.toString(n);
        }
        if (n < 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.0fK", n / 1e3);
        }
        if (n < 1_000_000_000) {
            return String.format(java.util.Locale.ROOT, "%.1fM", n / 1e6);
        }
        return String.format(java.util.Locale.ROOT, "%.1fB", n / 1e9);
    }
}
