package io.futurnal.llm.micrometer;

import java.time.Duration;
import java.util.Arrays;

/**
 * Names, units and bucket boundaries from the OpenTelemetry semantic conventions for generative AI
 * client metrics and spans (status: development), so dashboards built for them work unchanged.
 */
public final class GenAiConventions {
    private GenAiConventions() {
    }

    /** Histogram of whole-call durations, in seconds. */
    public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    /** Histogram of input and output token counts per call. */
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    /** Histogram of the time from the request to the first streamed chunk, in seconds. */
    public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
    /** The Observation (span) made for each call. */
    public static final String OBSERVATION = "gen_ai.client.operation";

    /** Tag: {@code chat}, {@code text_completion} or {@code embeddings}. */
    public static final String OPERATION_NAME = "gen_ai.operation.name";
    /** Tag: the backend id (ollama, llamacpp, hf, openai, ...). */
    public static final String PROVIDER_NAME = "gen_ai.provider.name";
    /** Tag: the model the client was configured with. */
    public static final String REQUEST_MODEL = "gen_ai.request.model";
    /** Tag: the model that answered. */
    public static final String RESPONSE_MODEL = "gen_ai.response.model";
    /** Tag on token usage: {@code input} or {@code output}. */
    public static final String TOKEN_TYPE = "gen_ai.token.type";
    /** Tag: the class of the error a call failed with; {@value #NO_ERROR} for calls that did not fail. */
    public static final String ERROR_TYPE = "error.type";
    /**
     * The {@link #ERROR_TYPE} of a call that did not fail. The conventions leave the attribute out
     * then; a constant key set keeps Prometheus, which needs one set of tag keys per name, happy.
     */
    public static final String NO_ERROR = "none";

    /** High-cardinality Observation key values. */
    public static final String RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
    /** Input tokens of the call, on the Observation. */
    public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
    /** Output tokens of the call, on the Observation. */
    public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";

    /** Bucket boundaries the conventions give for {@link #OPERATION_DURATION}, in seconds. */
    static final double[] DURATION_BUCKETS = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92};
    /** Bucket boundaries the conventions give for {@link #TIME_TO_FIRST_CHUNK}, in seconds. */
    static final double[] FIRST_CHUNK_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0};
    /** Bucket boundaries the conventions give for {@link #TOKEN_USAGE}. */
    static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864};

    static Duration[] asDurations(double[] seconds) {
        return Arrays.stream(seconds).mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
    }
}
