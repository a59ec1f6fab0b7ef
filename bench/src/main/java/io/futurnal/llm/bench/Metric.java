package io.futurnal.llm.bench;

/**
 * One figure the bench reports for each backend, with its unit and which way is better.
 *
 * <p>Definitions (all wall-clock, measured in the backend's own child JVM):
 * <ul>
 *   <li>{@link #COLD_LOAD}: in a fresh JVM, from calling {@code LlmClients.create} for the backend
 *       until the first piece of text of a one-token generation arrives. It covers the backend's
 *       probe, native library loading, reading the model and the first inference; JVM start-up
 *       before that call is not included. One sample per child JVM.</li>
 *   <li>{@link #WARM_LOAD}: the same, for a second client of the same model created while the
 *       first is still open in the same JVM (closed again after each sample).</li>
 *   <li>{@link #TIME_TO_FIRST_TOKEN}: on a loaded client, from {@code generateStream} until the
 *       first piece of text arrives.</li>
 *   <li>{@link #DECODE}: (generated tokens - 1) divided by the time from the first piece to the
 *       last; the first token belongs to the prompt phase.</li>
 *   <li>{@link #CONSTRAINED_DECODE}: {@link #DECODE} for a generation whose output must match a
 *       JSON schema (the backend's constrained decoding), skipped where the backend has none.</li>
 *   <li>{@link #PROMPT}: the backend's reported prompt tokens / prompt evaluation time; when a
 *       backend reports no evaluation time, prompt tokens / time to first token.</li>
 *   <li>{@link #PEAK_RSS}: the child JVM's peak resident set size ({@code VmHWM}) at the end of
 *       the run; Linux only.</li>
 * </ul>
 */
public enum Metric {
    /** Client creation to first text in a fresh JVM, in milliseconds; lower is better. */
    COLD_LOAD("coldLoadMs", "cold load", "ms", false),
    /** Client creation to first text with the model already open in the JVM, in milliseconds; lower is better. */
    WARM_LOAD("warmLoadMs", "warm load", "ms", false),
    /** From {@code generateStream} on a loaded client to the first text, in milliseconds; lower is better. */
    TIME_TO_FIRST_TOKEN("timeToFirstTokenMs", "first token", "ms", false),
    /** Generation speed after the first token, in tokens per second; higher is better. */
    DECODE("decodeTokensPerSecond", "decode", "tok/s", true),
    /**
     * Decode speed with the output constrained to a JSON schema ({@link BackendWorker#CONSTRAINED_SCHEMA}),
     * in tokens per second; higher is better. Its ratio to {@link #DECODE} is the cost of constrained decoding.
     */
    CONSTRAINED_DECODE("constrainedDecodeTokensPerSecond", "JSON decode", "tok/s", true),
    /** Prompt evaluation speed, in tokens per second; higher is better. */
    PROMPT("promptTokensPerSecond", "prompt", "tok/s", true),
    /** Peak resident memory of the child JVM, in MiB; lower is better. */
    PEAK_RSS("peakRssMiB", "peak RSS", "MiB", false);

    private final String key;
    private final String label;
    private final String unit;
    private final boolean higherIsBetter;

    Metric(String key, String label, String unit, boolean higherIsBetter) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
    }

    /** The name used in JSON, with its unit, e.g. {@code coldLoadMs}. */
    public String key() {
        return key;
    }

    /** A short human name, e.g. {@code cold load}. */
    public String label() {
        return label;
    }

    /** The unit of the values, e.g. {@code ms}. */
    public String unit() {
        return unit;
    }

    /** Whether a larger value is better (throughput) rather than worse (time, memory). */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }
}
