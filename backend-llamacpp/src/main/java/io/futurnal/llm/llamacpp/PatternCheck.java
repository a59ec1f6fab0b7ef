package io.futurnal.llm.llamacpp;

/**
 * Checks a JSON-schema {@code pattern} against what llama.cpp's regex-to-grammar step can take
 * without throwing: anchored with {@code ^...$}, balanced groups and classes, quantifiers only
 * after something to repeat, and counted repetitions with small whole numbers.
 */
final class PatternCheck {

    private static final int MAX_GROUP_DEPTH = 32;

    private PatternCheck() {
    }

    static void check(String pattern, String at) {
        if (pattern.length() < 2 || pattern.charAt(0) != '^' || pattern.charAt(pattern.length() - 1) != '$') {
            throw SchemaGuard.fail(at, "llama.cpp needs patterns anchored as ^...$; got \"" + pattern + "\"");
        }
        String body = pattern.substring(1, pattern.length() - 1);
        int depth = 0;
        boolean canRepeat = false;
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            switch (c) {
                case '\\' -> {
                    i += 2;
                    canRepeat = true;
                    continue;
                }
                case '(' -> {
                    if (++depth > MAX_GROUP_DEPTH) {
                        throw SchemaGuard.fail(at, "the pattern nests groups too deeply");
                    }
                    canRepeat = false;
                }
                case ')' -> {
                    if (--depth < 0) {
                        throw SchemaGuard.fail(at, "the pattern has an unbalanced ')'");
                    }
                    canRepeat = true;
                }
                case '[' -> {
                    i = classEnd(body, i, at);
                    canRepeat = true;
                }
                case '|' -> canRepeat = false;
                case '*', '+', '?' -> {
                    requireRepeatable(canRepeat, c, at);
                    canRepeat = true;
                }
                case '{' -> {
                    requireRepeatable(canRepeat, c, at);
                    i = countEnd(body, i, at);
                    canRepeat = true;
                }
                case ']', '}' -> throw SchemaGuard.fail(at, "the pattern has an unbalanced '" + c + "'");
                default -> canRepeat = true;
            }
            i++;
        }
        if (depth != 0) {
            throw SchemaGuard.fail(at, "the pattern has an unbalanced '('");
        }
    }

    private static void requireRepeatable(boolean canRepeat, char quantifier, String at) {
        if (!canRepeat) {
            throw SchemaGuard.fail(at, "the quantifier '" + quantifier + "' in the pattern has nothing before it to repeat");
        }
    }

    /** The index of the ']' closing the class that starts at {@code open}. */
    private static int classEnd(String body, int open, String at) {
        int i = open + 1;
        while (i < body.length() && body.charAt(i) != ']') {
            i += body.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= body.length()) {
            throw SchemaGuard.fail(at, "the pattern has an unbalanced '['");
        }
        return i;
    }

    /** The index of the '}' closing a counted repetition such as {2}, {2,} or {2,5}. */
    private static int countEnd(String body, int open, String at) {
        int close = body.indexOf('}', open);
        if (close < 0) {
            throw SchemaGuard.fail(at, "the pattern has an unbalanced '{'");
        }
        String inside = body.substring(open + 1, close);
        if (!inside.matches("\\d{1,4}(,\\d{0,4})?") && !inside.matches(",\\d{1,4}")) {
            throw SchemaGuard.fail(at, "the repetition {" + inside + "} in the pattern must be {n}, {n,}, {,m} or {n,m}");
        }
        for (String n : inside.split(",")) {
            if (!n.isEmpty() && Integer.parseInt(n) > SchemaGuard.MAX_REPETITION) {
                throw SchemaGuard.fail(at, "the repetition {" + inside + "} in the pattern exceeds " + SchemaGuard.MAX_REPETITION);
            }
        }
        return close;
    }
}
