package io.futurnal.llm.bench;

import java.util.List;
import java.util.Map;

/**
 * The raw samples one child JVM measured for one backend, sent to the parent as one JSON line.
 * A {@code null} number means "not measured" (a failed run, or a figure the backend cannot give).
 *
 * @param backend              the provider id
 * @param model                the model as the client named it
 * @param details              the client's {@link io.futurnal.llm.BackendInfo#details()}
 * @param error                why the run failed, or {@code null}
 * @param coldLoadMs           see {@link Metric#COLD_LOAD}
 * @param coldCreateMs         the part of the cold load spent in {@code LlmClients.create}
 * @param reportedLoadMs       the load duration the backend reported for the first generation
 * @param warmLoadMs           see {@link Metric#WARM_LOAD}, one per measured run
 * @param timeToFirstTokenMs   see {@link Metric#TIME_TO_FIRST_TOKEN}
 * @param decodeTokensPerSecond see {@link Metric#DECODE}
 * @param constrainedDecodeTokensPerSecond see {@link Metric#CONSTRAINED_DECODE}
 * @param promptTokensPerSecond see {@link Metric#PROMPT}
 * @param promptRateEstimated  whether the prompt rate is prompt tokens / time to first token
 * @param peakRssBytes         see {@link Metric#PEAK_RSS}
 * @param promptTokens         tokens in the prompt as the backend counted them
 * @param generatedTokens      tokens generated in each measured run
 * @param text                 the text of the first measured generation
 */
record WorkerSamples(
        String backend,
        String model,
        Map<String, String> details,
        String error,
        Double coldLoadMs,
        Double coldCreateMs,
        Double reportedLoadMs,
        List<Double> warmLoadMs,
        List<Double> timeToFirstTokenMs,
        List<Double> decodeTokensPerSecond,
        List<Double> constrainedDecodeTokensPerSecond,
        List<Double> promptTokensPerSecond,
        boolean promptRateEstimated,
        Long peakRssBytes,
        int promptTokens,
        List<Integer> generatedTokens,
        String text) {

    WorkerSamples {
        details = details == null ? Map.of() : Map.copyOf(details);
        warmLoadMs = nullSafe(warmLoadMs);
        timeToFirstTokenMs = nullSafe(timeToFirstTokenMs);
        decodeTokensPerSecond = nullSafe(decodeTokensPerSecond);
        constrainedDecodeTokensPerSecond = nullSafe(constrainedDecodeTokensPerSecond);
        promptTokensPerSecond = nullSafe(promptTokensPerSecond);
        generatedTokens = generatedTokens == null ? List.of() : List.copyOf(generatedTokens);
    }

    /** A run that failed before it measured anything. */
    static WorkerSamples failed(String backend, String error) {
        return new WorkerSamples(backend, null, Map.of(), error, null, null, null, List.of(), List.of(), List.of(),
                List.of(), List.of(), false, null, 0, List.of(), null);
    }

    /** Whether this run measured something. */
    boolean succeeded() {
        return error == null;
    }

    // List.copyOf rejects nulls, and a null sample is a legal "not measured"
    private static List<Double> nullSafe(List<Double> values) {
        return values == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }
}
