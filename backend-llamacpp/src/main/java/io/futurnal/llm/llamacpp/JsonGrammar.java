package io.futurnal.llm.llamacpp;

/**
 * A llama.cpp grammar (GBNF) for {@link io.futurnal.llm.ResponseFormat#JSON}: one JSON object.
 * Whitespace between tokens is limited to one character and numbers to a sane length, so a weak
 * model cannot loop forever inside the grammar.
 */
final class JsonGrammar {

    static final String OBJECT = String.join("\n",
            "root    ::= object gap",
            "object  ::= \"{\" gap ( member ( \",\" gap member )* )? \"}\"",
            "member  ::= text gap \":\" gap value",
            "array   ::= \"[\" gap ( value ( \",\" gap value )* )? \"]\"",
            "value   ::= ( object | array | text | number | \"true\" | \"false\" | \"null\" ) gap",
            "text    ::= \"\\\"\" ( [^\"\\\\\\x00-\\x1f] | \"\\\\\" ( [\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4} ) )* \"\\\"\"",
            "number  ::= \"-\"? ( \"0\" | [1-9] [0-9]{0,15} ) ( \".\" [0-9]{1,15} )? ( [eE] [-+]? [0-9]{1,3} )?",
            "gap     ::= ( \" \" | \"\\n\" | \"\\t\" )?",
            "");

    private JsonGrammar() {
    }

    /** {@code text} as a GBNF string literal. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
