package io.futurnal.llm.micrometer;

import static io.futurnal.llm.micrometer.GenAiConventions.*;

import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmCall;
import io.futurnal.llm.LlmListener;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Records every call as OpenTelemetry GenAI meters ({@value GenAiConventions#OPERATION_DURATION},
 * {@value GenAiConventions#TOKEN_USAGE}, {@value GenAiConventions#TIME_TO_FIRST_CHUNK}) and as one
 * {@link Observation} named {@value GenAiConventions#OBSERVATION}, so that a tracing bridge turns
 * each call into a span.
 *
 * <pre>{@code
 * LlmConfig config = LlmConfig.builder()
 *         .listener(new MicrometerLlmListener(meterRegistry, observationRegistry))
 *         .build();
 * }</pre>
 */
public final class MicrometerLlmListener implements LlmListener {
    private static final Object OBSERVATION_KEY = new Object();

    private final MeterRegistry meters;
    private final ObservationRegistry observations;

    /** Meters only; no Observations. */
    public MicrometerLlmListener(MeterRegistry meters) {
        this(meters, ObservationRegistry.NOOP);
    }

    /** Meters in {@code meters} and one Observation per call in {@code observations}. */
    public MicrometerLlmListener(MeterRegistry meters, ObservationRegistry observations) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.observations = Objects.requireNonNull(observations, "observations");
    }

    @Override
    public void onStart(LlmCall call) {
        Observation observation = Observation.createNotStarted(OBSERVATION, observations)
                .contextualName(call.operation().semanticName() + " " + call.model())
                .lowCardinalityKeyValue(OPERATION_NAME, call.operation().semanticName())
                .lowCardinalityKeyValue(PROVIDER_NAME, call.backend())
                .lowCardinalityKeyValue(REQUEST_MODEL, call.model())
                .start();
        call.setAttribute(OBSERVATION_KEY, observation);
    }

    @Override
    public void onFirstToken(LlmCall call, Duration timeToFirstToken) {
        Timer.builder(TIME_TO_FIRST_CHUNK)
                .description("Time from the request to the first streamed chunk")
                .serviceLevelObjectives(asDurations(FIRST_CHUNK_BUCKETS))
                .tags(base(call, call.model()))
                .register(meters)
                .record(timeToFirstToken);
        observation(call).ifPresent(o -> o.event(Observation.Event.of("gen_ai.first_chunk", "first chunk received")));
    }

    @Override
    public void onFinish(LlmCall call, GenerationResult result) {
        Tags tags = base(call, result.model());
        duration(tags.and(ERROR_TYPE, NO_ERROR), result.metrics().totalDuration().isZero() ? call.elapsed() : result.metrics().totalDuration());
        tokens(tags, "input", result.metrics().promptTokens());
        tokens(tags, "output", result.metrics().generatedTokens());
        observation(call).ifPresent(o -> o
                .lowCardinalityKeyValue(RESPONSE_MODEL, result.model())
                .highCardinalityKeyValue(RESPONSE_FINISH_REASONS, result.finishReason().name().toLowerCase(Locale.ROOT))
                .highCardinalityKeyValue(USAGE_INPUT_TOKENS, Integer.toString(result.metrics().promptTokens()))
                .highCardinalityKeyValue(USAGE_OUTPUT_TOKENS, Integer.toString(result.metrics().generatedTokens()))
                .stop());
    }

    @Override
    public void onEmbeddings(LlmCall call, EmbeddingResult result) {
        Tags tags = base(call, result.model());
        duration(tags.and(ERROR_TYPE, NO_ERROR), call.elapsed());
        tokens(tags, "input", result.promptTokens());
        observation(call).ifPresent(o -> o
                .lowCardinalityKeyValue(RESPONSE_MODEL, result.model())
                .highCardinalityKeyValue(USAGE_INPUT_TOKENS, Integer.toString(result.promptTokens()))
                .stop());
    }

    @Override
    public void onError(LlmCall call, Throwable error) {
        duration(base(call, call.model()).and(ERROR_TYPE, error.getClass().getName()), call.elapsed());
        observation(call).ifPresent(o -> o
                .lowCardinalityKeyValue(RESPONSE_MODEL, call.model())
                .error(error)
                .stop());
    }

    private void duration(Tags tags, Duration took) {
        Timer.builder(OPERATION_DURATION)
                .description("GenAI operation duration")
                .serviceLevelObjectives(asDurations(DURATION_BUCKETS))
                .tags(tags)
                .register(meters)
                .record(took);
    }

    private void tokens(Tags tags, String type, int count) {
        if (count <= 0) {
            return; // the conventions: report no usage rather than a made-up zero
        }
        DistributionSummary.builder(TOKEN_USAGE)
                .description("Input and output tokens per call")
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .tags(tags.and(TOKEN_TYPE, type))
                .register(meters)
                .record(count);
    }

    private static Tags base(LlmCall call, String responseModel) {
        return Tags.of(OPERATION_NAME, call.operation().semanticName(),
                PROVIDER_NAME, call.backend(),
                REQUEST_MODEL, call.model(),
                RESPONSE_MODEL, responseModel == null ? call.model() : responseModel);
    }

    private static java.util.Optional<Observation> observation(LlmCall call) {
        return call.attribute(OBSERVATION_KEY, Observation.class);
    }
}
