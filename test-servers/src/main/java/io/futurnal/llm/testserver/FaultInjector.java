package io.futurnal.llm.testserver;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The faults a {@link FakeHttpServer} will inject, in the order they were added. A rule matches a
 * request path exactly, or by prefix when it ends with {@code *} ({@code /api/*}), or any path
 * ({@code *}); each rule applies a number of times or forever. Thread-safe.
 */
public final class FaultInjector {

    /** Applies a rule forever. */
    public static final int FOREVER = Integer.MAX_VALUE;

    private final List<Rule> rules = new ArrayList<>();

    /** Injects {@code fault} into the next request, whatever its path. */
    public synchronized FaultInjector next(Fault fault) {
        return add("*", fault, 1);
    }

    /** Injects {@code fault} into the next request for {@code pathPattern}. */
    public synchronized FaultInjector next(String pathPattern, Fault fault) {
        return add(pathPattern, fault, 1);
    }

    /** Injects {@code fault} into the next {@code times} requests for {@code pathPattern}. */
    public synchronized FaultInjector times(String pathPattern, Fault fault, int times) {
        return add(pathPattern, fault, times);
    }

    /** Injects {@code fault} into every request for {@code pathPattern} until {@link #clear()}. */
    public synchronized FaultInjector always(String pathPattern, Fault fault) {
        return add(pathPattern, fault, FOREVER);
    }

    /** Removes every rule. */
    public synchronized void clear() {
        rules.clear();
    }

    /** Whether rules with uses left remain. */
    public synchronized boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Takes the fault for a request to {@code path}, using up one application of its rule. */
    public synchronized Optional<Fault> take(String path) {
        Iterator<Rule> it = rules.iterator();
        while (it.hasNext()) {
            Rule r = it.next();
            if (r.matches(path)) {
                if (r.remaining != FOREVER && --r.remaining == 0) {
                    it.remove();
                }
                return Optional.of(r.fault);
            }
        }
        return Optional.empty();
    }

    private FaultInjector add(String pattern, Fault fault, int times) {
        Objects.requireNonNull(pattern, "pathPattern");
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        rules.add(new Rule(pattern, fault, times));
        return this;
    }

    private static final class Rule {
        private final String pattern;
        private final Fault fault;
        private int remaining;

        Rule(String pattern, Fault fault, int remaining) {
            this.pattern = pattern;
            this.fault = fault;
            this.remaining = remaining;
        }

        boolean matches(String path) {
            if (pattern.equals("*")) {
                return true;
            }
            if (pattern.endsWith("*")) {
                return path.startsWith(pattern.substring(0, pattern.length() - 1));
            }
            return path.equals(pattern);
        }
    }
}
