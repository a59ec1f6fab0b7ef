package io.futurnal.llm.hf;

import io.futurnal.llm.BackendFailureException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Lets the model write only JSON that matches a {@link ValueSpec}: before each token, every token
 * whose text cannot continue the output is masked out. It also keeps the output finishable
 * within the token limit: a token is allowed only if the JSON can still be closed with the
 * tokens left (every character costs at most one token, as every vocabulary here has a token per
 * ASCII character). Generation ends as soon as the value is complete. Not thread-safe.
 */
final class JsonConstraint implements TokenConstraint {

    /** Most automaton positions tracked at once (alternatives of anyOf and enums). */
    static final int MAX_POSITIONS = 64;

    private final TokenVocabulary vocabulary;
    private List<JsonState> positions;

    JsonConstraint(ValueSpec spec, TokenVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.positions = List.of(JsonState.start(spec));
    }

    @Override
    public boolean complete() {
        return positions.stream().anyMatch(JsonState::complete);
    }

    @Override
    public int choose(float[] logits, Sampler sampler, int tokensLeft) {
        int budget = tokensLeft - 1;
        if (sampler.greedy()) {
            int best = Sampler.argMax(logits);
            if (fits(after(positions, vocabulary.text(best)), budget)) {
                return best;
            }
        }
        BitSet allowed = allowed(budget);
        if (allowed.isEmpty()) {
            // no token keeps the JSON closable in time; let it run into the limit, which is reported
            allowed = allowed(Integer.MAX_VALUE);
        }
        if (allowed.isEmpty()) {
            throw new BackendFailureException("no token of this model's vocabulary can continue the JSON output "
                    + "after: the tokenizer lacks a token for a needed character");
        }
        for (int id = 0; id < logits.length; id++) {
            if (!allowed.get(id)) {
                logits[id] = Float.NEGATIVE_INFINITY;
            }
        }
        return sampler.sample(logits);
    }

    @Override
    public void accept(int id) {
        List<JsonState> next = after(positions, vocabulary.text(id));
        if (next.isEmpty()) {
            throw new IllegalStateException("token " + id + " was not allowed by the JSON constraint");
        }
        positions = next;
    }

    /** The tokens allowed now, with {@code budget} tokens left after the one chosen. */
    BitSet allowed(int budget) {
        return vocabulary.allowed(positions, JsonConstraint::step, List::isEmpty, p -> fits(p, budget));
    }

    private static boolean fits(List<JsonState> after, int budget) {
        for (JsonState p : after) {
            if (p.complete() || p.minChars() <= budget) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonState> after(List<JsonState> from, String text) {
        if (text == null) {
            return List.of();
        }
        List<JsonState> now = from;
        for (int i = 0; i < text.length() && !now.isEmpty(); i++) {
            now = step(now, text.charAt(i));
        }
        return now;
    }

    private static List<JsonState> step(List<JsonState> from, char c) {
        List<JsonState> out = new ArrayList<>(from.size() + 1);
        for (JsonState p : from) {
            p.step(c, out);
            if (out.size() >= MAX_POSITIONS) {
                break;
            }
        }
        return out;
    }
}
