package io.futurnal.llm.hf;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The text each token adds to the output, and a prefix tree of those texts, built once per model.
 * A constraint walks the tree instead of every token: tokens that share a prefix share the
 * automaton's work on it, and a subtree is skipped as soon as its prefix is refused. Tokens
 * that add no text (special tokens) or only part of a character (single bytes of a multi-byte
 * character) have no text and are never allowed. Immutable and thread-safe.
 */
final class TokenVocabulary {

    /** Walks the automaton along the tree: the positions after a character, or an empty list. */
    interface Walker<S> {
        S step(S state, char c);
    }

    private final String[] texts;
    private final char[][] labels;
    private final int[][] children;
    private final int[][] ending;

    private TokenVocabulary(String[] texts, char[][] labels, int[][] children, int[][] ending) {
        this.texts = texts;
        this.labels = labels;
        this.children = children;
        this.ending = ending;
    }

    /**
     * The vocabulary of {@code tokenizer}, {@code size} ids. A token's text is what decoding it
     * after an ordinary token adds, so that leading spaces come out as the streamed text has them.
     */
    static TokenVocabulary of(HfTokenizer tokenizer, int size) {
        int[] anchor = tokenizer.encode("a");
        String base = tokenizer.decode(anchor, 0, anchor.length, true);
        int[] pair = new int[anchor.length + 1];
        System.arraycopy(anchor, 0, pair, 0, anchor.length);
        String[] texts = new String[size];
        for (int id = 0; id < size; id++) {
            pair[anchor.length] = id;
            String both;
            try {
                both = tokenizer.decode(pair, 0, pair.length, true);
            } catch (RuntimeException e) {
                continue; // an id the tokenizer does not know (a padded embedding row)
            }
            if (both.startsWith(base) && both.length() > base.length() && both.indexOf('\uFFFD', base.length()) < 0) {
                texts[id] = both.substring(base.length());
            }
        }
        return of(texts);
    }

    /** A vocabulary of these texts (null for a token that is never allowed). */
    static TokenVocabulary of(String[] texts) {
        List<Map<Character, Integer>> edges = new ArrayList<>();
        List<List<Integer>> ends = new ArrayList<>();
        edges.add(new TreeMap<>());
        ends.add(new ArrayList<>());
        for (int id = 0; id < texts.length; id++) {
            String t = texts[id];
            if (t == null || t.isEmpty()) {
                continue;
            }
            int node = 0;
            for (int i = 0; i < t.length(); i++) {
                Integer next = edges.get(node).get(t.charAt(i));
                if (next == null) {
                    next = edges.size();
                    edges.get(node).put(t.charAt(i), next);
                    edges.add(new TreeMap<>());
                    ends.add(new ArrayList<>());
                }
                node = next;
            }
            ends.get(node).add(id);
        }
        int n = edges.size();
        char[][] labels = new char[n][];
        int[][] children = new int[n][];
        int[][] ending = new int[n][];
        for (int node = 0; node < n; node++) {
            Map<Character, Integer> e = edges.get(node);
            labels[node] = new char[e.size()];
            children[node] = new int[e.size()];
            int i = 0;
            for (Map.Entry<Character, Integer> entry : e.entrySet()) {
                labels[node][i] = entry.getKey();
                children[node][i++] = entry.getValue();
            }
            ending[node] = ends.get(node).stream().mapToInt(Integer::intValue).toArray();
        }
        return new TokenVocabulary(texts.clone(), labels, children, ending);
    }

    /** Number of token ids. */
    int size() {
        return texts.length;
    }

    /** The text token {@code id} adds, or null when it is never allowed. */
    String text(int id) {
        return id >= 0 && id < texts.length ? texts[id] : null;
    }

    /**
     * The tokens whose whole text {@code walker} accepts from {@code start}, among those whose
     * end position passes {@code fits}.
     */
    <S> BitSet allowed(S start, Walker<S> walker, Predicate<S> empty, Predicate<S> fits) {
        BitSet allowed = new BitSet(texts.length);
        walk(0, start, walker, empty, fits, allowed);
        return allowed;
    }

    private <S> void walk(int node, S state, Walker<S> walker, Predicate<S> empty, Predicate<S> fits, BitSet allowed) {
        for (int i = 0; i < labels[node].length; i++) {
            S next = walker.step(state, labels[node][i]);
            if (empty.test(next)) {
                continue;
            }
            int child = children[node][i];
            if (ending[child].length > 0 && fits.test(next)) {
                for (int id : ending[child]) {
                    allowed.set(id);
                }
            }
            walk(child, next, walker, empty, fits, allowed);
        }
    }
}
