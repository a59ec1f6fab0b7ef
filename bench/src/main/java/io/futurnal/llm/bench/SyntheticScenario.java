package io.futurnal.llm.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.futurnal.llm.synthetic.ModelShape;
import io.futurnal.llm.synthetic.SyntheticModels;
import io.futurnal.llm.synthetic.WeightType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The scale scenario ({@code bench --synthetic llama-3.2-1b}): a random-weight model in the exact
 * shape of a real one, written once into the cache as a GGUF and as safetensors holding the same
 * weights, then the llamacpp backend on the GGUF, the hf backend on the safetensors and the raw
 * de.kherud bindings on the GGUF (the anchor for the llamacpp backend's overhead), each in its
 * own JVM with the same threads and context. No warm loads: a second client would load a second
 * copy and distort the peak memory this scenario is about.
 */
final class SyntheticScenario {
    /** The context the llamacpp backend picks for these models (their own is 131072). */
    static final int CONTEXT = 4096;
    static final String LLAMACPP = "llamacpp";
    static final String HF = "hf";

    /**
     * What the scenario runs on.
     *
     * @param shape    the model shape
     * @param ggufType the GGUF's weight type
     * @param hfType   the safetensors' weight type
     * @param seed     the weights' seed
     * @param threads  threads for every runtime
     */
    record Settings(ModelShape shape, WeightType ggufType, WeightType hfType, long seed, int threads) {
    }

    /**
     * The files measured and their weight bytes.
     *
     * @param gguf        the GGUF file
     * @param hfDirectory the Hugging Face directory
     * @param weightBytes per backend id, the bytes of the weights it loads
     * @param results     the backends, with ratios
     */
    record Outcome(Path gguf, Path hfDirectory, Map<String, Long> weightBytes, List<BackendResult> results) {
    }

    private final RunSettings run;
    private final Settings settings;
    private final ProgressBar progress;

    SyntheticScenario(RunSettings run, Settings settings, ProgressBar progress) {
        this.run = run;
        this.settings = settings;
        this.progress = progress;
    }

    /** Progress steps of the whole scenario: writing the files, then three workers per JVM round. */
    static int steps(RunSettings run) {
        WorkerRequest r = request(run, LLAMACPP);
        return 2 + run.forks() * 3 * r.steps();
    }

    Outcome run() {
        SyntheticModels models = SyntheticModels.inCache();
        progress.task("writing the synthetic " + settings.shape().name() + " GGUF (cached after the first run)");
        Path gguf = models.gguf(settings.shape(), settings.ggufType(), settings.seed());
        progress.step("gguf");
        progress.task("writing the synthetic " + settings.shape().name() + " safetensors (cached after the first run)");
        Path hf = models.hfDirectory(settings.shape(), settings.hfType(), settings.seed());
        progress.step("safetensors");
        Map<String, Long> weights = new LinkedHashMap<>();
        weights.put(LLAMACPP, size(gguf));
        weights.put(HF, safetensorsBytes(hf));
        weights.put(RawLlamaCppWorker.ID, size(gguf));

        String threads = Integer.toString(settings.threads());
        Map<String, List<WorkerSamples>> samples = new LinkedHashMap<>();
        weights.keySet().forEach(id -> samples.put(id, new ArrayList<>()));
        for (int fork = 1; fork <= run.forks(); fork++) {
            String round = " (JVM " + fork + "/" + run.forks() + ")";
            progress.task(LLAMACPP + round);
            samples.get(LLAMACPP).add(fork(BackendWorker.class, List.of("-Dfuturnal.llamacpp.model=" + gguf,
                    "-Dfuturnal.llamacpp.threads=" + threads, "-Dfuturnal.llamacpp.context.size=" + CONTEXT),
                    request(run, LLAMACPP).toArgs(), LLAMACPP));
            progress.task(HF + round);
            samples.get(HF).add(fork(BackendWorker.class, List.of("-Dfuturnal.hf.model.dir=" + hf,
                    "-Dfuturnal.hf.threads=" + threads, "-Dfuturnal.hf.context=" + CONTEXT),
                    request(run, HF).toArgs(), HF));
            progress.task(RawLlamaCppWorker.ID + round);
            samples.get(RawLlamaCppWorker.ID).add(fork(RawLlamaCppWorker.class, List.of(),
                    RawLlamaCppWorker.args(gguf.toString(), settings.threads(), CONTEXT, request(run, LLAMACPP)),
                    RawLlamaCppWorker.ID));
        }
        List<BackendResult> results = new ArrayList<>();
        samples.forEach((id, list) -> results.add(Aggregation.aggregate(id, list)));
        return new Outcome(gguf, hf, weights, Aggregation.withRatios(results));
    }

    private WorkerSamples fork(Class<?> main, List<String> jvmOptions, List<String> args, String id) {
        WorkerRequest request = request(run, id);
        int[] done = {0};
        ChildJvm.Outcome outcome = ChildJvm.run(main, jvmOptions, args, run.timeout(), step -> {
            done[0]++;
            progress.step(step);
        });
        progress.skip(request.steps() - done[0]);
        if (outcome.resultJson().isEmpty()) {
            return WorkerSamples.failed(id, outcome.failure(run.timeout()));
        }
        try {
            return ChildProtocol.JSON.readValue(outcome.resultJson().get(), WorkerSamples.class);
        } catch (JsonProcessingException e) {
            return WorkerSamples.failed(id, "unreadable worker result: " + e.getOriginalMessage());
        }
    }

    private static WorkerRequest request(RunSettings run, String id) {
        return new WorkerRequest(id, null, run.prompt(), run.maxTokens(), run.warmup(), run.runs(), 0);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long safetensorsBytes(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).mapToLong(SyntheticScenario::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
