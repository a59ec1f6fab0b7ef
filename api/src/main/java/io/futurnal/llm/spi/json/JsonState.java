package io.futurnal.llm.spi.json;

import java.util.List;

/**
 * One position of the JSON automaton: the innermost value being written ({@link #top}) on a
 * stack of the values around it. Immutable and shared between the positions that follow from
 * it, so that feeding a character costs a frame or two. A parent frame waits on the stack in the
 * state it will be in once its child value is done.
 */
final class JsonState {

    /** Deepest nesting of objects and arrays the automaton writes. */
    static final int MAX_DEPTH = 32;
    /**
     * Whitespace between two tokens is bounded, so a weak model cannot loop on spaces: at most two
     * spaces or tabs, or up to two newlines each followed by up to 20 spaces or tabs of
     * indentation (what llama.cpp's grammars allow, where two whitespace rules can meet). A run is
     * counted as its length shifted left by two, plus its newlines.
     */
    static final int MAX_INDENT = 20;
    /** The whitespace count after which no whitespace may follow. */
    static final int NO_MORE_WHITESPACE = Integer.MAX_VALUE;

    /** A frame of the stack: one JSON value in progress. */
    interface Frame {
        /** Feeds {@code c} with this frame on top of {@code below}; adds every position that follows to {@code out}. */
        void step(char c, JsonState below, List<JsonState> out);

        /** The fewest characters that finish this value from here. */
        int ownMinChars();

        /** The fewest characters that finish the whole output from here. */
        default int minChars(JsonState below) {
            return ValueSpec.add(ownMinChars(), below == null ? 0 : below.minChars());
        }

        /** The shortest text that finishes this value from here ({@link #ownMinChars()} characters). */
        String ownClosing();

        /** The shortest text that finishes the whole output from here ({@link #minChars} characters). */
        default String closing(JsonState below) {
            return below == null ? ownClosing() : ownClosing() + below.closing();
        }

        /** This frame once {@code child} is done, or null when that child is not acceptable here. */
        default Frame afterChild(Frame child) {
            return this;
        }
    }

    /** The frame of a finished output: nothing may follow. */
    static final Frame DONE = new Frame() {
        @Override
        public void step(char c, JsonState below, List<JsonState> out) {
        }

        @Override
        public int ownMinChars() {
            return 0;
        }

        @Override
        public String ownClosing() {
            return "";
        }
    };

    private static final JsonState FINISHED = new JsonState(DONE, null);

    final Frame top;
    final JsonState below;
    final int depth;
    private int minChars = -1;

    JsonState(Frame top, JsonState below) {
        this.top = top;
        this.below = below;
        this.depth = below == null ? 0 : below.depth + 1;
    }

    /** The position before the first character of a value matching {@code root}; no whitespace may lead. */
    static JsonState start(ValueSpec root) {
        return new JsonState(new ValueFrame(root, NO_MORE_WHITESPACE), null);
    }

    /** Adds the positions after {@code c} to {@code out} (none when {@code c} is not allowed). */
    void step(char c, List<JsonState> out) {
        top.step(c, below, out);
    }

    /** Whether the output is a whole JSON value. */
    boolean complete() {
        return top == DONE || (below == null && top instanceof NumberFrame number && number.endable());
    }

    /** The fewest characters that complete the output. */
    int minChars() {
        if (minChars < 0) {
            minChars = top.minChars(below);
        }
        return minChars;
    }

    /** The shortest text that completes the output. */
    String closing() {
        return top.closing(below);
    }

    /** Records that {@code value} has ended after its last character. */
    static void finish(Frame value, JsonState below, List<JsonState> out) {
        if (below == null) {
            out.add(FINISHED);
            return;
        }
        Frame parent = below.top.afterChild(value);
        if (parent != null) {
            out.add(new JsonState(parent, below.below));
        }
    }

    /** Records that {@code value} (a number) ended before {@code c}, then feeds {@code c} to its parent. */
    static void finishThen(Frame value, char c, JsonState below, List<JsonState> out) {
        if (below == null) {
            return;
        }
        Frame parent = below.top.afterChild(value);
        if (parent != null) {
            parent.step(c, below.below, out);
        }
    }

    /** Whitespace count after {@code c} following {@code run} whitespace characters, or -1 when {@code c} may not come. */
    static int whitespace(int run, char c) {
        if (run == NO_MORE_WHITESPACE) {
            return -1;
        }
        int chars = run >> 2;
        int newlines = run & 3;
        int most = newlines == 0 ? 2 : 2 * (MAX_INDENT + 1);
        if ((c == ' ' || c == '\t') && chars < most) {
            return ((chars + 1) << 2) | newlines;
        }
        if (c == '\n' && newlines < 2) {
            return ((chars + 1) << 2) | (newlines + 1);
        }
        return -1;
    }

}
