package io.futurnal.llm.spi.json;

import java.util.List;

/**
 * What one JSON value may be, compiled from a JSON Schema by {@link SchemaCompiler}. Every spec
 * knows the fewest characters a value matching it takes, which lets the decoder close the output
 * before the token limit. Immutable, except that a {@link Ref} is tied to its target once.
 */
sealed interface ValueSpec {

    /** Stands in for "the schema cannot be completed" (a reference cycle without a way out). */
    int UNREACHABLE = 1 << 20;

    /** The fewest characters a matching value takes. */
    int minChars();

    /**
     * An object.
     *
     * @param names      declared property names, in schema order (at most 64)
     * @param keys       each name as a JSON string literal, quotes included
     * @param values     each property's spec
     * @param required   bit i set when property i is required
     * @param additional the spec of undeclared properties, or null when there may be none
     */
    record ObjectSpec(List<String> names, List<String> keys, List<ValueSpec> values, long required,
                      ValueSpec additional, int minChars) implements ValueSpec {

        /** Index of {@code name} among the declared properties, or -1. */
        int indexOf(String name) {
            return names.indexOf(name);
        }

        /**
         * Where property {@code i} comes in the output: the required properties first, then the
         * optional ones, each group in schema order (llama.cpp's order).
         */
        int rank(int i) {
            int requiredBefore = Long.bitCount(required & ((1L << i) - 1));
            return (required & (1L << i)) != 0 ? requiredBefore : Long.bitCount(required) + i - requiredBefore;
        }

        /** Characters of {@code "key":value} at their shortest, for property {@code i}. */
        int entryChars(int i) {
            return keys.get(i).length() + 1 + values.get(i).minChars();
        }
    }

    /**
     * An array.
     *
     * @param prefix   specs of the first items, in order
     * @param items    spec of the items after the prefix, or null when there may be none
     * @param minItems fewest items
     * @param maxItems most items
     */
    record ArraySpec(List<ValueSpec> prefix, ValueSpec items, int minItems, int maxItems, int minChars)
            implements ValueSpec {

        /** The spec of item {@code index}, or null when the array cannot have that many. */
        ValueSpec item(int index) {
            return index < prefix.size() ? prefix.get(index) : items;
        }
    }

    /** A string of {@code minLength} to {@code maxLength} characters (code points). */
    record StringSpec(int minLength, int maxLength) implements ValueSpec {
        @Override
        public int minChars() {
            return 2 + minLength;
        }
    }

    /** A number, or an integer when {@code integer}. */
    record NumberSpec(boolean integer) implements ValueSpec {
        @Override
        public int minChars() {
            return 1;
        }
    }

    /** One of a fixed set of JSON texts (enum, const, booleans, null), each in compact form. */
    record LiteralSpec(List<String> texts) implements ValueSpec {
        @Override
        public int minChars() {
            return texts.stream().mapToInt(String::length).min().orElse(UNREACHABLE);
        }
    }

    /** Any of several specs (anyOf, oneOf, a list of types, or any JSON value at all). */
    record AnyOf(List<ValueSpec> options, int minChars) implements ValueSpec {
    }

    /** A {@code $ref}, tied to its target after compiling so that recursive schemas work. */
    final class Ref implements ValueSpec {
        private ValueSpec target;
        private int minChars = UNREACHABLE;

        void bind(ValueSpec spec) {
            this.target = spec;
        }

        void settle(int chars) {
            this.minChars = chars;
        }

        ValueSpec target() {
            return target;
        }

        @Override
        public int minChars() {
            return minChars;
        }
    }

    /** The shortest JSON text matching {@code spec} ({@link #minChars()} characters); the spec must be reachable. */
    static String minText(ValueSpec spec) {
        if (spec instanceof Ref ref) {
            return minText(ref.target());
        }
        if (spec instanceof AnyOf any) {
            ValueSpec best = any.options().get(0);
            for (ValueSpec o : any.options()) {
                if (o.minChars() < best.minChars()) {
                    best = o;
                }
            }
            return minText(best);
        }
        if (spec instanceof ObjectSpec object) {
            StringBuilder out = new StringBuilder("{");
            for (int i = 0; i < object.names().size(); i++) {
                if ((object.required() & (1L << i)) != 0) {
                    out.append(out.length() > 1 ? "," : "").append(object.keys().get(i)).append(':')
                            .append(minText(object.values().get(i)));
                }
            }
            return out.append('}').toString();
        }
        if (spec instanceof ArraySpec array) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < array.minItems(); i++) {
                out.append(i == 0 ? "" : ",").append(minText(array.item(i)));
            }
            return out.append(']').toString();
        }
        if (spec instanceof StringSpec string) {
            return "\"" + "a".repeat(string.minLength()) + "\"";
        }
        if (spec instanceof NumberSpec) {
            return "0";
        }
        LiteralSpec literal = (LiteralSpec) spec;
        String shortest = literal.texts().get(0);
        for (String t : literal.texts()) {
            if (t.length() < shortest.length()) {
                shortest = t;
            }
        }
        return shortest;
    }

    /** Sums characters, saturating at {@link #UNREACHABLE}. */
    static int add(int a, int b) {
        return Math.min(UNREACHABLE, a + b);
    }
}
