package io.futurnal.llm.bench;

import java.util.HashMap;
import java.util.Map;

/** The {@code --name value} pairs a parent JVM passes to its worker; no user ever types them. */
final class ArgPairs {
    private final Map<String, String> values;

    private ArgPairs(Map<String, String> values) {
        this.values = values;
    }

    static ArgPairs of(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("worker arguments come in --name value pairs; got " + args.length + " words");
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            values.put(args[i], args[i + 1]);
        }
        return new ArgPairs(values);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("worker argument " + name + " is missing");
        }
        return v;
    }

    String optional(String name) {
        return values.get(name);
    }

    int integer(String name) {
        String v = required(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("worker argument " + name + " must be a whole number; got '" + v + "'", e);
        }
    }
}
