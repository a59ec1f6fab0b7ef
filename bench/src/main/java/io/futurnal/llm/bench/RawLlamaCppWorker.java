package io.futurnal.llm.bench;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The child JVM that measures the de.kherud:llama bindings directly, with the parameters the
 * llamacpp backend passes them (threads, context, one slot, no context shift, no prompt cache,
 * greedy), as the anchor for that backend's overhead. Started by the parent; not meant to be run
 * by hand.
 */
public final class RawLlamaCppWorker {
    /** The id the raw bindings appear under in reports. */
    static final String ID = "llamacpp-raw";

    private RawLlamaCppWorker() {
    }

    /**
     * Runs the measurement and exits.
     *
     * @param args {@code --name value} pairs: model, threads, context, prompt, max-tokens, warmup, runs
     */
    public static void main(String[] args) {
        ChildProtocol protocol = ChildProtocol.claimStdout();
        WorkerSamples samples;
        try {
            samples = measure(ArgPairs.of(args), protocol);
        } catch (RuntimeException | LinkageError e) {
            samples = WorkerSamples.failed(ID, ChildProtocol.describe(e));
        }
        protocol.result(samples);
        // the bindings leave a non-daemon native thread behind
        System.exit(0);
    }

    static List<String> args(String model, int threads, int context, WorkerRequest request) {
        return List.of("--model", model, "--threads", Integer.toString(threads), "--context", Integer.toString(context),
                "--prompt", request.prompt(), "--max-tokens", Integer.toString(request.maxTokens()),
                "--warmup", Integer.toString(request.warmup()), "--runs", Integer.toString(request.runs()));
    }

    private static WorkerSamples measure(ArgPairs args, ChildProtocol protocol) {
        String path = args.required("--model");
        int threads = args.integer("--threads");
        int context = args.integer("--context");
        String prompt = args.required("--prompt");
        int maxTokens = args.integer("--max-tokens");
        int warmup = args.integer("--warmup");
        int runs = args.integer("--runs");
        long coldStart = System.nanoTime();
        ModelParameters parameters = new ModelParameters().setModel(path).setThreads(threads).setThreadsBatch(threads)
                .setCtxSize(context).setParallel(1).disableContextShift().disableLog();
        try (LlamaModel model = new LlamaModel(parameters)) {
            double createMs = (System.nanoTime() - coldStart) / 1e6;
            Timed cold = generate(model, prompt, 1);
            double coldMs = (cold.first - coldStart) / 1e6;
            protocol.progress("cold load");
            int promptTokens = model.encode(prompt).length + 1;
            List<Double> firstToken = new ArrayList<>();
            List<Double> decode = new ArrayList<>();
            List<Double> promptRate = new ArrayList<>();
            List<Integer> generated = new ArrayList<>();
            String text = null;
            for (int i = 0; i < warmup + runs; i++) {
                Timed g = generate(model, prompt, maxTokens);
                if (i >= warmup) {
                    double ttft = (g.first - g.start) / 1e6;
                    firstToken.add(ttft);
                    decode.add(g.tokens < 2 || g.last <= g.first ? null : (g.tokens - 1) * 1e9 / (g.last - g.first));
                    promptRate.add(promptTokens * 1000.0 / ttft);
                    generated.add(g.tokens);
                    if (text == null) {
                        text = g.text;
                    }
                }
                protocol.progress("generation " + (i + 1));
            }
            OptionalLong rss = PeakRss.bytes();
            return new WorkerSamples(ID, path, Map.of("threads", Integer.toString(threads), "context",
                    Integer.toString(context), "engine", "de.kherud:llama bindings, called directly"), null,
                    coldMs, createMs, null, List.of(), firstToken, decode, List.of(), promptRate, true,
                    rss.isPresent() ? rss.getAsLong() : null, promptTokens, generated, text);
        }
    }

    private record Timed(long start, long first, long last, int tokens, String text) {
    }

    /** One greedy generation with the backend's request settings, timed per streamed piece. */
    private static Timed generate(LlamaModel model, String prompt, int maxTokens) {
        InferenceParameters request = new InferenceParameters(prompt).setCachePrompt(false).setTemperature(0f)
                .setSeed(42).setNPredict(maxTokens);
        long start = System.nanoTime();
        long first = -1;
        long last = -1;
        int tokens = 0;
        StringBuilder text = new StringBuilder();
        for (LlamaOutput out : model.generate(request)) {
            if (tokens == maxTokens) {
                continue; // the bindings end the stream with one more, empty, piece
            }
            long now = System.nanoTime();
            if (first < 0) {
                first = now;
            }
            last = now;
            tokens++;
            text.append(out.text);
        }
        long end = System.nanoTime();
        return new Timed(start, first < 0 ? end : first, last < 0 ? end : last, tokens, text.toString());
    }
}
