package io.futurnal.llm.spi.json;

import java.util.List;

/**
 * Inside a JSON number. Digit runs are capped (16 integer, 16 fraction, 3 exponent digits) so a
 * weak model cannot write digits forever. A number has no closing character: it ends when the
 * next character cannot continue it, and that character goes to the enclosing value.
 *
 * @param integer whether only an integer is allowed
 * @param phase   where in the number grammar this is
 * @param digits  digits in the current run
 */
record NumberFrame(boolean integer, Phase phase, int digits) implements JsonState.Frame {

    /** Places in {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    enum Phase { MINUS, ZERO, INT, DOT, FRACTION, EXPONENT, EXPONENT_SIGN, EXPONENT_DIGITS }

    private static final int MAX_DIGITS = 16;
    private static final int MAX_EXPONENT_DIGITS = 3;

    /** Starts a number with {@code c}, when it can start one. */
    static void start(boolean integer, char c, JsonState below, List<JsonState> out) {
        if (c == '-') {
            out.add(new JsonState(new NumberFrame(integer, Phase.MINUS, 0), below));
        } else if (c == '0') {
            out.add(new JsonState(new NumberFrame(integer, Phase.ZERO, 1), below));
        } else if (c >= '1' && c <= '9') {
            out.add(new JsonState(new NumberFrame(integer, Phase.INT, 1), below));
        }
    }

    /** Whether the number could end here. */
    boolean endable() {
        return phase == Phase.ZERO || phase == Phase.INT || phase == Phase.FRACTION || phase == Phase.EXPONENT_DIGITS;
    }

    @Override
    public void step(char c, JsonState below, List<JsonState> out) {
        NumberFrame next = next(c);
        if (next != null) {
            out.add(new JsonState(next, below));
        } else if (endable()) {
            JsonState.finishThen(this, c, below, out);
        }
    }

    private NumberFrame next(char c) {
        boolean digit = c >= '0' && c <= '9';
        boolean exponent = !integer && (c == 'e' || c == 'E');
        switch (phase) {
            case MINUS:
                return c == '0' ? with(Phase.ZERO, 1) : digit ? with(Phase.INT, 1) : null;
            case ZERO:
            case INT:
                if (digit && phase == Phase.INT && digits < MAX_DIGITS) {
                    return with(Phase.INT, digits + 1);
                }
                return c == '.' && !integer ? with(Phase.DOT, 0) : exponent ? with(Phase.EXPONENT, 0) : null;
            case DOT:
                return digit ? with(Phase.FRACTION, 1) : null;
            case FRACTION:
                return digit && digits < MAX_DIGITS ? with(Phase.FRACTION, digits + 1) : exponent ? with(Phase.EXPONENT, 0) : null;
            case EXPONENT:
                return c == '+' || c == '-' ? with(Phase.EXPONENT_SIGN, 0) : digit ? with(Phase.EXPONENT_DIGITS, 1) : null;
            case EXPONENT_SIGN:
                return digit ? with(Phase.EXPONENT_DIGITS, 1) : null;
            default:
                return digit && digits < MAX_EXPONENT_DIGITS ? with(Phase.EXPONENT_DIGITS, digits + 1) : null;
        }
    }

    private NumberFrame with(Phase p, int d) {
        return new NumberFrame(integer, p, d);
    }

    @Override
    public String ownClosing() {
        return endable() ? "" : "0";
    }

    @Override
    public int ownMinChars() {
        return endable() ? 0 : 1;
    }
}
