package io.futurnal.llm.bench;

import io.futurnal.llm.Capability;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.IncompleteOutputException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ResponseFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The child JVM of the backends scenario: measures one backend from a cold start and prints its
 * samples as one {@link ChildProtocol} line. Started by the parent; not meant to be run by hand.
 */
public final class BackendWorker {
    /** Generous, because the cold load includes detection and a timed-out probe would end the run. */
    private static final Duration DETECTION_DEADLINE = Duration.ofSeconds(20);

    private final WorkerRequest request;
    private final ChildProtocol protocol;

    private BackendWorker(WorkerRequest request, ChildProtocol protocol) {
        this.request = request;
        this.protocol = protocol;
    }

    /**
     * Runs the measurement described by the arguments and exits.
     *
     * @param args {@code --name value} pairs written by the parent
     */
    public static void main(String[] args) {
        ChildProtocol protocol = ChildProtocol.claimStdout();
        WorkerSamples samples;
        try {
            WorkerRequest request = WorkerRequest.parse(args);
            try {
                samples = new BackendWorker(request, protocol).measure();
            } catch (RuntimeException | LinkageError e) {
                samples = WorkerSamples.failed(request.backend(), ChildProtocol.describe(e));
            }
        } catch (IllegalArgumentException e) {
            samples = WorkerSamples.failed("?", ChildProtocol.describe(e));
        }
        protocol.result(samples);
        // native backends may leave non-daemon threads behind; the worker must end
        System.exit(0);
    }

    static LlmConfig config(String backend, String model) {
        LlmConfig.Builder builder = LlmConfig.builder().backend(backend);
        if (model != null && !model.isBlank()) {
            builder.model(model);
        }
        if (LlmConfig.fromEnvironment().get(LlmConfig.DETECT_TIMEOUT).isEmpty()) {
            builder.detectTimeout(DETECTION_DEADLINE);
        }
        return builder.build();
    }

    /** The schema of the constrained-decoding runs: free-form strings, so the model writes as long as it may. */
    static final String CONSTRAINED_SCHEMA = "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"},"
            + "\"characters\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"story\":{\"type\":\"string\"}},"
            + "\"required\":[\"title\",\"characters\",\"story\"]}";

    private WorkerSamples measure() {
        LlmConfig config = config(request.backend(), request.model());
        GenerationOptions oneToken = GenerationOptions.deterministic().toBuilder().maxTokens(1).build();
        GenerationOptions full = GenerationOptions.deterministic().toBuilder().maxTokens(request.maxTokens()).build();

        long coldStart = System.nanoTime();
        try (LlmClient client = LlmClients.create(config)) {
            double createMs = (System.nanoTime() - coldStart) / 1e6;
            TimedGeneration cold = TimedGeneration.run(client, request.prompt(), oneToken);
            double coldMs = (cold.firstPieceNanos() - coldStart) / 1e6;
            double reportedLoadMs = cold.result().metrics().loadDuration().toNanos() / 1e6;
            protocol.progress("cold load");

            List<Double> warm = new ArrayList<>();
            int discardedLoads = Math.min(request.warmup(), request.warmLoads() - Math.min(request.runs(), request.warmLoads()));
            for (int i = 0; i < request.warmLoads(); i++) {
                long start = System.nanoTime();
                try (LlmClient second = LlmClients.create(config)) {
                    TimedGeneration g = TimedGeneration.run(second, request.prompt(), oneToken);
                    if (i >= discardedLoads) {
                        warm.add((g.firstPieceNanos() - start) / 1e6);
                    }
                }
                protocol.progress("warm load " + (i + 1));
            }

            List<Double> firstToken = new ArrayList<>();
            List<Double> decode = new ArrayList<>();
            List<Double> prompt = new ArrayList<>();
            List<Integer> generated = new ArrayList<>();
            boolean estimated = false;
            int promptTokens = 0;
            String text = null;
            for (int i = 0; i < request.warmup() + request.runs(); i++) {
                TimedGeneration g = TimedGeneration.run(client, request.prompt(), full);
                if (i >= request.warmup()) {
                    firstToken.add(g.timeToFirstTokenMs());
                    decode.add(orNull(g.decodeTokensPerSecond()));
                    prompt.add(orNull(g.promptTokensPerSecond()));
                    generated.add(g.generatedTokens());
                    estimated |= !g.promptRateReported();
                    promptTokens = g.result().metrics().promptTokens();
                    if (text == null) {
                        text = g.result().text();
                    }
                }
                protocol.progress("generation " + (i + 1));
            }
            List<Double> constrained = constrainedDecode(client, full);
            OptionalLong rss = PeakRss.bytes();
            return new WorkerSamples(request.backend(), client.info().model(), client.info().details(), null,
                    coldMs, createMs, reportedLoadMs, warm, firstToken, decode, constrained, prompt, estimated,
                    rss.isPresent() ? rss.getAsLong() : null, promptTokens, generated, text);
        }
    }

    /** Decode rates under {@link #CONSTRAINED_SCHEMA}; empty when the backend has no JSON-schema output. */
    private List<Double> constrainedDecode(LlmClient client, GenerationOptions full) {
        List<Double> rates = new ArrayList<>();
        if (!client.capabilities().contains(Capability.JSON_SCHEMA)) {
            return rates;
        }
        GenerationOptions json = full.toBuilder().format(ResponseFormat.jsonSchema(CONSTRAINED_SCHEMA)).build();
        for (int i = 0; i < request.warmup() + request.runs(); i++) {
            try {
                TimedGeneration g = TimedGeneration.run(client, request.prompt(), json);
                if (i >= request.warmup()) {
                    rates.add(orNull(g.decodeTokensPerSecond()));
                }
            } catch (IncompleteOutputException cutShort) {
                // the model did not finish the JSON within the limit: no sample
            }
            protocol.progress("constrained generation " + (i + 1));
        }
        return rates;
    }

    private static Double orNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
