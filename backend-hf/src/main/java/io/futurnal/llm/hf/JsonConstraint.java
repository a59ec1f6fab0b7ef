package io.futurnal.llm.hf;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.spi.json.JsonAutomaton;
import java.util.BitSet;

/**
 * Lets the model write only JSON that the {@link JsonAutomaton} accepts: before each token, every
 * token whose text cannot continue the output is masked out. It also keeps the output closable
 * within the token limit: a token is allowed only if the JSON can still be completed with the
 * tokens left (each character costs at most one token, as every vocabulary here has a token per
 * ASCII character). Generation ends as soon as the value is complete. Not thread-safe.
 */
final class JsonConstraint implements TokenConstraint {

    private final TokenVocabulary vocabulary;
    private JsonAutomaton automaton;

    JsonConstraint(JsonAutomaton start, TokenVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.automaton = start;
    }

    @Override
    public boolean complete() {
        return automaton.isComplete();
    }

    @Override
    public int choose(float[] logits, Sampler sampler, int tokensLeft) {
        int budget = tokensLeft - 1;
        if (sampler.greedy()) {
            int best = Sampler.argMax(logits);
            if (fits(after(vocabulary.text(best)), budget)) {
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
                    + "(the tokenizer lacks a token for a needed character)");
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
        JsonAutomaton next = after(vocabulary.text(id));
        if (next == null || next.isDead()) {
            throw new IllegalStateException("token " + id + " was not allowed by the JSON constraint");
        }
        automaton = next;
    }

    /** The tokens allowed now, with {@code budget} tokens left after the one chosen. */
    BitSet allowed(int budget) {
        return vocabulary.allowed(automaton, JsonAutomaton::step, JsonAutomaton::isDead, a -> fits(a, budget));
    }

    private static boolean fits(JsonAutomaton after, int budget) {
        return after != null && !after.isDead() && after.minChars() <= budget;
    }

    /** The automaton after {@code text}, or null for a token that is never allowed. */
    private JsonAutomaton after(String text) {
        return text == null ? null : automaton.feed(text);
    }
}
