package io.futurnal.llm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.hf.HfClient;
import io.futurnal.llm.llamacpp.LlamaCppClient;
import io.futurnal.llm.synthetic.ModelShape;
import io.futurnal.llm.synthetic.SyntheticModels;
import io.futurnal.llm.synthetic.WeightType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-backend parity at real shape: one synthetic F32 model with Llama 3's real vocabulary,
 * tokenizer and rotary settings (narrow layers, so it runs in seconds), written as an HF directory
 * for hf and as a GGUF for llamacpp. Greedy decoding must pick the same tokens on both, or the
 * first divergence must sit at a near-tie: hf's logits for the two candidates differ by less than
 * {@link #NEAR_TIE}, which the test reports. Random weights give flat logits, so ties are common
 * and float32 kernels that add in another order may pick either side of one.
 */
@Timeout(180)
class RealShapeParityTest {

    /** Largest logit gap, at hf's first disagreement with llama.cpp, that still counts as a tie. */
    static final float NEAR_TIE = 1e-3f;

    private static final ModelShape SHAPE = ModelShape.TINY_LLAMA_3;
    private static final int TOKENS = 48;
    private static final GenerationOptions GREEDY = GenerationOptions.builder().temperature(0.0).maxTokens(TOKENS).build();

    private static HfClient hf;
    private static LlamaCppClient llamaCpp;

    @BeforeAll
    static void open() {
        SyntheticModels models = SyntheticModels.in(Path.of("target", "synthetic-models"));
        Path dir = models.hfDirectory(SHAPE, WeightType.F32, 7);
        Path gguf = models.gguf(SHAPE, WeightType.F32, 7);
        hf = Backends.open(Backends.config("hf", Map.of("futurnal.hf.model.dir", dir.toString(),
                "futurnal.hf.context", "512")), HfClient.class);
        llamaCpp = Backends.open(Backends.config("llamacpp", Map.of("futurnal.llamacpp.model", gguf.toString(),
                "futurnal.llamacpp.context.size", "512")), LlamaCppClient.class);
    }

    @AfterAll
    static void close() {
        hf.close();
        llamaCpp.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Once upon a time", "The capital of France is", "def main():\n    print("})
    void greedyTokensAgreeOrDivergeOnlyAtANearTie(String prompt) {
        int[] text = hf.tokenize(prompt);
        assertArrayEquals(llamaCpp.tokenize(prompt), text, "both tokenizers read the prompt the same way");
        int[] promptIds = withBos(text);

        GenerationResult fromLlamaCpp = llamaCpp.generate(prompt, GREEDY);
        int[] fromHf = hf.generateTokens(promptIds, GREEDY);
        assertEquals(promptIds.length, fromLlamaCpp.metrics().promptTokens(), "llama.cpp also starts with BOS");
        String expected = fromLlamaCpp.text();
        // the longest prefix of hf's tokens that spells a prefix of llama.cpp's text
        int agreed = 0;
        while (agreed < fromHf.length && expected.startsWith(llamaCpp.detokenize(Arrays.copyOf(fromHf, agreed + 1)))) {
            agreed++;
        }
        if (agreed == Math.min(fromHf.length, fromLlamaCpp.metrics().generatedTokens())
                && llamaCpp.detokenize(fromHf).equals(expected)) {
            System.out.println("parity: " + prompt.replace("\n", "\\n") + " -> " + fromHf.length + " greedy tokens identical");
            return;
        }
        int[] context = concat(promptIds, Arrays.copyOf(fromHf, agreed));
        float[] logits = hf.nextTokenLogits(context);
        int best = fromHf[agreed];
        String rest = expected.substring(llamaCpp.detokenize(Arrays.copyOf(fromHf, agreed)).length());
        // llama.cpp's pick: the most likely (for hf) other token whose text starts llama.cpp's continuation
        int theirs = -1;
        for (int id : byLogit(logits)) {
            String piece = llamaCpp.detokenize(new int[] {id});
            if (id != best && !piece.isEmpty() && rest.startsWith(piece)) {
                theirs = id;
                break;
            }
        }
        float gap = theirs < 0 ? Float.POSITIVE_INFINITY : logits[best] - logits[theirs];
        System.out.println("parity: " + prompt.replace("\n", "\\n") + " -> first divergence at token " + agreed + " of " + fromHf.length
                + ": hf " + best + " vs llama.cpp " + theirs + ", hf logit gap " + gap + " (near-tie below " + NEAR_TIE + ")");
        assertTrue(gap < NEAR_TIE, "the backends diverge at token " + agreed + " where hf's logits differ by " + gap
                + ", more than a near-tie (" + NEAR_TIE + "); llama.cpp: " + expected);
    }

    private static int[] withBos(int[] text) {
        int bos = hf.beginOfSequenceId();
        return bos < 0 ? text : concat(new int[] {bos}, text);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Ids by descending logit, the first 64. */
    private static int[] byLogit(float[] logits) {
        Integer[] ids = new Integer[logits.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Arrays.sort(ids, (x, y) -> Float.compare(logits[y], logits[x]));
        return Arrays.stream(ids).limit(64).mapToInt(Integer::intValue).toArray();
    }
}
