package io.futurnal.llm.hf;

import io.futurnal.llm.FinishReason;
import io.futurnal.llm.InvalidModelFileException;
import java.util.Set;

/**
 * The token loop of one generation: evaluates the prompt, then samples and feeds back one token
 * at a time until an end-of-sequence id, the token limit or the end of the context. Owns its
 * KV cache. Not thread-safe; {@link HfTokenStream} serialises access.
 */
final class TokenGenerator implements AutoCloseable {

    /** Prompts are evaluated in blocks of this many tokens, bounding the attention mask's size. */
    static final int PREFILL_BLOCK = 256;

    private final HfModel model;
    private final int[] prompt;
    private final Sampler sampler;
    private final TokenConstraint constraint;
    private final int maxTokens;
    private final Set<Integer> eos;
    private final KvCache cache;
    private boolean prefilled;
    private boolean finished;
    private int last = -1;
    private int generated;
    private long promptNanos;
    private long decodeNanos;
    private FinishReason reason = FinishReason.STOP;

    TokenGenerator(HfModel model, int[] prompt, Sampler sampler, int maxTokens) {
        this(model, prompt, sampler, null, maxTokens);
    }

    /** A generator whose tokens {@code constraint} restricts (null for none); it ends once the constraint is complete. */
    TokenGenerator(HfModel model, int[] prompt, Sampler sampler, TokenConstraint constraint, int maxTokens) {
        this.model = model;
        this.prompt = prompt.clone();
        this.sampler = sampler;
        this.constraint = constraint;
        this.maxTokens = maxTokens;
        this.eos = model.settings.eosTokenIds();
        int expected = (int) Math.min(model.contextLength, (long) prompt.length + maxTokens);
        this.cache = new KvCache(model.manager(), model.config, expected, model.contextLength, model.forward.computeType());
    }

    /** The next token id, or -1 at the end (see {@link #reason()}). */
    int next() {
        if (finished) {
            return -1;
        }
        if (constraint != null && constraint.complete()) {
            return end(FinishReason.STOP);
        }
        if (generated >= maxTokens) {
            return end(FinishReason.LENGTH);
        }
        float[] logits;
        long start = System.nanoTime();
        if (!prefilled) {
            logits = prefill();
            prefilled = true;
            long now = System.nanoTime();
            promptNanos = now - start;
            start = now;
        } else {
            if (cache.length() >= cache.maxCapacity()) {
                return end(FinishReason.LENGTH);
            }
            logits = model.forward.forward(new int[] {last}, cache);
        }
        int id = constraint == null ? sampler.sample(logits) : constraint.choose(logits, sampler, maxTokens - generated);
        checkFinite(logits[id], id);
        decodeNanos += System.nanoTime() - start;
        if (eos.contains(id)) {
            return end(FinishReason.STOP);
        }
        if (constraint != null) {
            constraint.accept(id);
        }
        generated++;
        last = id;
        return id;
    }

    /** Why generation ended; meaningful once {@link #next()} returned -1. */
    FinishReason reason() {
        return reason;
    }

    /** Tokens in the prompt. */
    int promptTokens() {
        return prompt.length;
    }

    /** Tokens generated so far (end-of-sequence not counted). */
    int generated() {
        return generated;
    }

    /** Time spent evaluating the prompt. */
    long promptNanos() {
        return promptNanos;
    }

    /** Time spent sampling tokens and evaluating each one fed back. */
    long decodeNanos() {
        return decodeNanos;
    }

    /** Frees the KV cache. */
    @Override
    public void close() {
        cache.close();
    }

    private float[] prefill() {
        float[] logits = null;
        for (int from = 0; from < prompt.length; from += PREFILL_BLOCK) {
            int to = Math.min(prompt.length, from + PREFILL_BLOCK);
            logits = model.forward.forward(java.util.Arrays.copyOfRange(prompt, from, to), cache);
        }
        return logits;
    }

    /**
     * Refuses a chosen logit of NaN or +Inf. Broken weights (NaN or overflowing values) spread
     * through every logit, so the chosen one, checked for free, catches them without a pass over
     * the vocabulary; -Inf is left alone because a constraint masks tokens that way.
     */
    private void checkFinite(float logit, int id) {
        if (Float.isNaN(logit) || logit == Float.POSITIVE_INFINITY) {
            throw new InvalidModelFileException(model.directory, "the weights produce non-finite values: the logit of"
                    + " token " + id + " is " + logit + " after " + (prompt.length + generated)
                    + " tokens; the checkpoint holds NaN or overflowing values (or overflows in "
                    + model.forward.computeType() + "; try FUTURNAL_HF_DTYPE=float32)");
        }
    }

    private int end(FinishReason why) {
        finished = true;
        reason = why;
        return -1;
    }
}
