package io.futurnal.llm.hf;

/**
 * Restricts which tokens the generator may pick: the seam between {@link TokenGenerator} and
 * constrained decoding. Not thread-safe: one per generation.
 */
interface TokenConstraint {

    /** Whether the output is complete, so generation ends here (no end-of-sequence token is needed). */
    boolean complete();

    /**
     * Picks the next token with {@code sampler} among the tokens allowed here; may overwrite
     * {@code logits}.
     *
     * @param tokensLeft tokens that may still be generated, this one included
     */
    int choose(float[] logits, Sampler sampler, int tokensLeft);

    /** Moves past the token {@code id} just generated. */
    void accept(int id);
}
