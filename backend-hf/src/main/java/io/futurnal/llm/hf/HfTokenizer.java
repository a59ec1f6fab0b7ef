package io.futurnal.llm.hf;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * DJL's Hugging Face tokenizer built from the local {@code tokenizer.json} only, without
 * truncation, padding or automatic special tokens (BOS is added by the caller, as the model's
 * settings say). Thread-safe.
 */
final class HfTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private HfTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Loads {@code tokenizer.json}, whose ids must all lie below {@code vocabSize}.
     *
     * @throws InvalidModelFileException when the file is missing, the tokenizer library rejects it,
     *                                   or it holds an id the embedding table has no row for
     */
    static HfTokenizer load(Path file, int vocabSize) {
        long highest = highestId(file);
        if (highest >= vocabSize) {
            throw new InvalidModelFileException(file, "holds token id " + highest + " but config.json's vocab_size is "
                    + vocabSize + ", so the embedding table has no row for it; the tokenizer does not belong to these weights");
        }
        try {
            return new HfTokenizer(HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build());
        } catch (IOException | RuntimeException e) {
            throw new InvalidModelFileException(file, "the tokenizer cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** The highest id in the vocabulary ({@code model.vocab}) and the added tokens of {@code tokenizer.json}. */
    static long highestId(Path file) {
        JsonNode root = JsonFiles.readObject(file);
        long highest = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (JsonNode id : (Iterable<JsonNode>) vocab::elements) {
                highest = Math.max(highest, idOf(file, id));
            }
        } else if (vocab.isArray()) {
            // Unigram vocabularies are lists whose index is the id
            highest = vocab.size() - 1L;
        }
        for (JsonNode added : root.path("added_tokens")) {
            highest = Math.max(highest, idOf(file, added.path("id")));
        }
        return highest;
    }

    private static long idOf(Path file, JsonNode id) {
        if (!id.canConvertToLong() || id.asLong() < 0) {
            throw new InvalidModelFileException(file, "holds a token id that is not a non-negative whole number: " + id);
        }
        return id.asLong();
    }

    /** Token ids of {@code text}, without special tokens. */
    int[] encode(String text) {
        return toInts(tokenizer.encode(text, false, false).getIds());
    }

    /** Token ids of {@code text} with the special tokens the tokenizer's post-processor adds. */
    int[] encodeWithSpecialTokens(String text) {
        return toInts(tokenizer.encode(text, true, false).getIds());
    }

    /** Text of {@code ids}; special tokens such as BOS and EOS are dropped when {@code skipSpecial}. */
    String decode(int[] ids, int from, int to, boolean skipSpecial) {
        long[] longs = new long[to - from];
        for (int i = from; i < to; i++) {
            longs[i - from] = ids[i];
        }
        return tokenizer.decode(longs, skipSpecial);
    }

    /** The id of a single-token string such as {@code </s>}, if it is one token. */
    OptionalInt tokenId(String token) {
        if (token == null || token.isEmpty()) {
            return OptionalInt.empty();
        }
        int[] ids = encode(token);
        return ids.length == 1 ? OptionalInt.of(ids[0]) : OptionalInt.empty();
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }
}
