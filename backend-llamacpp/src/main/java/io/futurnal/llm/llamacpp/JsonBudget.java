package io.futurnal.llm.llamacpp;

import io.futurnal.llm.spi.json.JsonAutomaton;

/**
 * Keeps JSON output closable within the token limit. llama.cpp's grammar makes every token valid
 * JSON, but not JSON that ends: a weak model can write one string until the limit cuts it. This
 * follows the output with the {@link JsonAutomaton}; once the tokens left are barely enough for
 * the shortest closing text, the stream hands the rest to a second run whose grammar allows
 * only that closing, so the model itself finishes the value within the limit. Output the
 * automaton does not follow (a schema keyword it cannot enforce) is left to llama.cpp alone.
 * Not thread-safe: one per stream.
 */
final class JsonBudget {

    /**
     * Tokens kept in hand beyond the shortest closing: one token can lengthen it (a comma opens
     * a new member), and the check runs only after each token.
     */
    static final int SLACK = 8;

    private final int tokens;
    private final StringBuilder generated = new StringBuilder();
    private JsonAutomaton automaton;

    /** Follows output from {@code start} (null: follow nothing), which may take {@code tokens} tokens. */
    JsonBudget(JsonAutomaton start, int tokens) {
        this.automaton = start;
        this.tokens = tokens;
    }

    /** Moves past {@code piece}, the text of one token. */
    void accept(String piece) {
        generated.append(piece);
        if (automaton != null) {
            JsonAutomaton next = automaton.feed(piece);
            automaton = next.isDead() ? null : next;
        }
    }

    /** Whether the output is a whole JSON value, so generation can end here. */
    boolean complete() {
        return automaton != null && automaton.isComplete();
    }

    /** Whether, after {@code used} tokens, the rest must be the closing text to fit the limit. */
    boolean mustClose(int used) {
        return automaton != null && !automaton.isComplete() && tokens - used <= automaton.minChars() + SLACK;
    }

    /** The shortest text that completes the output. */
    String closing() {
        return automaton.closing();
    }

    /** The text generated so far. */
    String generated() {
        return generated.toString();
    }

    /** Tokens the whole output may take. */
    int tokens() {
        return tokens;
    }
}
