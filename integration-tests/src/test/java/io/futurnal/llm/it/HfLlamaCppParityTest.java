package io.futurnal.llm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.hf.HfClient;
import io.futurnal.llm.llamacpp.LlamaCppClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hf backend (DJL, safetensors) and the llama.cpp backend (GGUF) run the same stories260K
 * weights; greedy decoding must pick the same 64 tokens on both.
 */
@Timeout(120)
class HfLlamaCppParityTest {

    private static final int TOKENS = 64;
    private static final GenerationOptions GREEDY = GenerationOptions.builder().temperature(0.0).maxTokens(TOKENS).build();

    private final HfClient hf = Backends.hf();
    private final LlamaCppClient llamaCpp = Backends.llamaCpp();

    @ParameterizedTest
    @ValueSource(strings = {"Once upon a time", "The little dog", "Lily and Tom went to the park. They",
            "One day, a big bear"})
    void greedyGenerationPicksTheSameTokens(String prompt) {
        int[] promptIds = promptIds(prompt);
        assertArrayEquals(llamaCpp.tokenize(prompt), hf.tokenize(prompt), "both tokenizers read the prompt the same way");

        GenerationResult fromLlamaCpp = llamaCpp.generate(prompt, GREEDY);
        int[] fromHf = hf.generateTokens(promptIds, GREEDY);

        assertEquals(promptIds.length, fromLlamaCpp.metrics().promptTokens(), "llama.cpp also starts with BOS");
        assertEquals(TOKENS, fromLlamaCpp.metrics().generatedTokens());
        assertEquals(FinishReason.LENGTH, fromLlamaCpp.finishReason());
        assertEquals(TOKENS, fromHf.length, "no end-of-sequence within 64 tokens");
        // llama.cpp spells each of the hf ids with its own vocabulary; together they are exactly its output
        assertEquals(fromLlamaCpp.text(), llamaCpp.detokenize(fromHf), "token for token");
        // and re-reading prompt and continuation with llama.cpp's tokenizer gives the hf ids back
        int[] reread = llamaCpp.tokenize(prompt + fromLlamaCpp.text());
        assertArrayEquals(fromHf, java.util.Arrays.copyOfRange(reread, promptIds.length - 1, reread.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Once upon a time", "The little dog"})
    void textApiGivesTheSameTextOnBothBackends(String prompt) {
        GenerationResult fromHf = hf.generate(prompt, GREEDY);
        GenerationResult fromLlamaCpp = llamaCpp.generate(prompt, GREEDY);
        assertEquals(fromLlamaCpp.text(), fromHf.text());
        assertEquals(fromLlamaCpp.metrics().promptTokens(), fromHf.metrics().promptTokens());
        assertEquals(fromLlamaCpp.metrics().generatedTokens(), fromHf.metrics().generatedTokens());
        assertTrue(fromHf.text().startsWith(", there was a little girl named Lily") || !prompt.equals("Once upon a time"));
    }

    private int[] promptIds(String prompt) {
        int[] text = hf.tokenize(prompt);
        int bos = hf.beginOfSequenceId();
        assertEquals(1, bos, "stories260K starts prompts with BOS, as llama.cpp does");
        int[] ids = new int[text.length + 1];
        ids[0] = bos;
        System.arraycopy(text, 0, ids, 1, text.length);
        return ids;
    }
}
