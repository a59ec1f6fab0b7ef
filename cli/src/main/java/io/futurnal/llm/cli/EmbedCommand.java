package io.futurnal.llm.cli;

import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import java.io.PrintWriter;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints one JSON array of floats per input text. */
@Command(name = "embed", description = "Embed each TEXT; prints one JSON array per line.")
final class EmbedCommand implements Callable<Integer> {

    @Mixin
    BackendOptions backend;

    @Parameters(arity = "1..*", paramLabel = "TEXT")
    List<String> texts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (LlmClient client = LlmClients.create(backend.config())) {
            StreamPrinter.announce(spec.commandLine().getErr(), client.info());
            EmbeddingResult result = client.embed(texts);
            PrintWriter out = spec.commandLine().getOut();
            for (float[] v : result.vectors()) {
                StringJoiner j = new StringJoiner(",", "[", "]");
                for (float f : v) {
                    j.add(Float.toString(f));
                }
                out.println(j);
            }
            out.flush();
        }
        return 0;
    }
}
