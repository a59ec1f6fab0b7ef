package io.futurnal.llm.spi.json;

import io.futurnal.llm.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * A character-level automaton for JSON that matches a JSON Schema, for backends that constrain
 * decoding themselves. Each value is one position in the output; {@link #step} moves past one
 * character. It also knows the fewest characters, and the shortest text, that complete the output
 * from here, so a decoder can keep the output closable within its token limit.
 *
 * <p>It takes the subset of JSON Schema that can be enforced character by character (see
 * {@link #forSchema}). Whitespace between tokens is bounded (one space or tab, or a newline and
 * up to 20 spaces or tabs of indentation), numbers have at most 16 digits, and nesting at most
 * 32 levels, so a weak model cannot write forever without making progress. Immutable and
 * thread-safe; stepping returns a new automaton.
 */
public final class JsonAutomaton {

    /** Most positions tracked at once (alternatives of anyOf, enums and undeclared keys). */
    static final int MAX_POSITIONS = 64;

    private static final JsonAutomaton DEAD = new JsonAutomaton(List.of());

    private final List<JsonState> positions;

    private JsonAutomaton(List<JsonState> positions) {
        this.positions = positions;
    }

    /**
     * The automaton for JSON matching {@code schema}, the text of a JSON Schema. It takes
     * {@code type} (one or a list), {@code properties}, {@code required},
     * {@code additionalProperties}, {@code items}, {@code prefixItems}, {@code minItems},
     * {@code maxItems}, {@code minLength}, {@code maxLength}, {@code enum}, {@code const},
     * {@code anyOf}, {@code oneOf}, a single {@code allOf} and local {@code $ref}s, and ignores
     * annotations such as {@code description} and {@code format}. As in llama.cpp, an object with
     * {@code properties} but no {@code additionalProperties} takes only its declared properties
     * (in any order, each at most once).
     *
     * @throws InvalidRequestException when the schema is not JSON, or uses a keyword that restricts
     *         values in a way this automaton cannot enforce (such as {@code pattern} or {@code minimum})
     */
    public static JsonAutomaton forSchema(String schema) {
        return new JsonAutomaton(List.of(JsonState.start(SchemaCompiler.compile(schema))));
    }

    /** The automaton for any JSON object: what {@link io.futurnal.llm.ResponseFormat#JSON} asks for. */
    public static JsonAutomaton anyObject() {
        return new JsonAutomaton(List.of(JsonState.start(SchemaCompiler.ANY_OBJECT)));
    }

    /** The automaton after {@code c}; {@link #isDead()} when {@code c} cannot come here. */
    public JsonAutomaton step(char c) {
        List<JsonState> out = new ArrayList<>(positions.size() + 1);
        for (JsonState p : positions) {
            p.step(c, out);
            if (out.size() >= MAX_POSITIONS) {
                break;
            }
        }
        return out.isEmpty() ? DEAD : new JsonAutomaton(out);
    }

    /** The automaton after every character of {@code text} (dead as soon as one cannot come). */
    public JsonAutomaton feed(String text) {
        JsonAutomaton now = this;
        for (int i = 0; i < text.length() && !now.isDead(); i++) {
            now = now.step(text.charAt(i));
        }
        return now;
    }

    /** Whether the text so far cannot be continued into matching JSON. */
    public boolean isDead() {
        return positions.isEmpty();
    }

    /** Whether the text so far is a whole matching JSON value (nothing more may follow an object or array). */
    public boolean isComplete() {
        for (JsonState p : positions) {
            if (p.complete()) {
                return true;
            }
        }
        return false;
    }

    /** The fewest characters that complete the output; 0 when complete, {@link Integer#MAX_VALUE} when dead. */
    public int minChars() {
        int best = Integer.MAX_VALUE;
        for (JsonState p : positions) {
            best = Math.min(best, p.complete() ? 0 : p.minChars());
        }
        return best;
    }

    /**
     * The shortest text that completes the output ({@link #minChars()} characters), for closing
     * it when the token limit is near.
     *
     * @throws IllegalStateException when the automaton is dead
     */
    public String closing() {
        JsonState best = null;
        for (JsonState p : positions) {
            if (p.complete()) {
                return "";
            }
            if (best == null || p.minChars() < best.minChars()) {
                best = p;
            }
        }
        if (best == null) {
            throw new IllegalStateException("the output cannot be completed");
        }
        return best.closing();
    }
}
