package io.futurnal.llm.cli;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Completes a prompt, streaming tokens to stdout. Decoding is greedy unless a temperature is
 * given, so the same prompt prints the same text on every backend that runs the same weights.
 */
@Command(name = "generate", description = {"Complete a prompt, streaming the tokens to stdout.",
    "Greedy (temperature 0) unless --temperature is given, so the output is repeatable and the same on every backend."})
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    BackendOptions backend;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--stats", description = "Print token counts and speed to stderr afterwards.")
    boolean stats;

    @Parameters(arity = "1..*", paramLabel = "PROMPT", description = "The prompt (several words are joined by spaces).")
    List<String> prompt;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var options = sampling.toOptions();
        if (options.temperature() == null) {
            options = options.toBuilder().temperature(0.0).build();
        }
        StatsListener statsListener = new StatsListener();
        LlmConfig config = stats ? backend.config().toBuilder().listener(statsListener).build() : backend.config();
        try (LlmClient client = LlmClients.create(config)) {
            StreamPrinter.announce(spec.commandLine().getErr(), client.info());
            StreamPrinter.print(client.generateStream(String.join(" ", prompt), options),
                    spec.commandLine().getOut(), spec.commandLine().getErr(), StreamPrinter.wholeOnly(options));
            statsListener.last().ifPresent(result -> {
                StreamPrinter.printStats(spec.commandLine().getErr(), result);
                StreamPrinter.printNativeBuild(spec.commandLine().getErr(), client.info());
            });
        }
        return 0;
    }
}
