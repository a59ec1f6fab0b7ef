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
 * @param warmLoads second clients created and timed ({@code warmup + runs} by default; 0 at real
 *                  size, where a second copy of the model would double the peak memory)
 */
record WorkerRequest(String backend, String model, String prompt, int maxTokens, int warmup, int runs, int warmLoads) {

    /** A request with the default number of warm loads. */
    WorkerRequest(String backend, String model, String prompt, int maxTokens, int warmup, int runs) {
        this(backend, model, prompt, maxTokens, warmup, runs, warmup + runs);
    }

    WorkerRequest {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(prompt, "prompt");
        if (maxTokens < 1 || warmup < 0 || runs < 1 || warmLoads < 0) {
            throw new IllegalArgumentException("need maxTokens >= 1, warmup >= 0, runs >= 1; got "
                    + maxTokens + ", " + warmup + ", " + runs);
        }
    }

    /** Progress steps a worker reports: the cold load, each warm load, then each free and each JSON generation. */
    int steps() {
        return 1 + warmLoads + 2 * (warmup + runs);
    }

    /** The command-line form read back by {@link #parse}. */
    List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--backend", backend, "--prompt", prompt,
                "--max-tokens", Integer.toString(maxTokens), "--warmup", Integer.toString(warmup),
                "--runs", Integer.toString(runs), "--warm-loads", Integer.toString(warmLoads)));
        if (model != null) {
            args.add("--model");
            args.add(model);
        }
        return args;
    }

    /** Reads the form written by {@link #toArgs}. */
    static WorkerRequest parse(String[] args) {
        ArgPairs pairs = ArgPairs.of(args);
        int warmup = pairs.integer("--warmup");
        int runs = pairs.integer("--runs");
        String warmLoads = pairs.optional("--warm-loads");
        return new WorkerRequest(pairs.required("--backend"), pairs.optional("--model"), pairs.required("--prompt"),
                pairs.integer("--max-tokens"), warmup, runs,
                warmLoads == null ? warmup + runs : pairs.integer("--warm-loads"));
    }
}
