package io.futurnal.llm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one child JVM measures: one backend, one workload.
 *
 * @param backend   the provider id
 * @param model     the model, or {@code null} for the backend's default
 * @param prompt    the prompt every generation completes
 * @param maxTokens tokens per measured generation
 * @param warmup    generations and warm loads run first and discarded
 * @param runs      generations and warm loads measured
 */
record WorkerRequest(String backend, String model, String prompt, int maxTokens, int warmup, int runs) {

    WorkerRequest {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(prompt, "prompt");
        if (maxTokens < 1 || warmup < 0 || runs < 1) {
            throw new IllegalArgumentException("need maxTokens >= 1, warmup >= 0, runs >= 1; got "
                    + maxTokens + ", " + warmup + ", " + runs);
        }
    }

    /** Progress steps a worker reports: the cold load, then each warm load and each generation. */
    int steps() {
        return 1 + 3 * (warmup + runs);
    }

    /** The command-line form read back by {@link #parse}. */
    List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--backend", backend, "--prompt", prompt,
                "--max-tokens", Integer.toString(maxTokens), "--warmup", Integer.toString(warmup),
                "--runs", Integer.toString(runs)));
        if (model != null) {
            args.add("--model");
            args.add(model);
        }
        return args;
    }

    /** Reads the form written by {@link #toArgs}. */
    static WorkerRequest parse(String[] args) {
        ArgPairs pairs = ArgPairs.of(args);
        return new WorkerRequest(pairs.required("--backend"), pairs.optional("--model"), pairs.required("--prompt"),
                pairs.integer("--max-tokens"), pairs.integer("--warmup"), pairs.integer("--runs"));
    }
}
