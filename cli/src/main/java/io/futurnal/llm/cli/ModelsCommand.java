package io.futurnal.llm.cli;

import io.futurnal.llm.ModelEntry;
import io.futurnal.llm.ModelRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the model-name mapping: built-ins plus the user's file. */
@Command(name = "models", description = "Show the model-name mapping: Hugging Face id, Ollama tag and GGUF file per model.")
final class ModelsCommand implements Callable<Integer> {

    @Mixin
    BackendOptions options;

    @Option(names = "--json", description = "Print the mapping as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelRegistry registry = options.config().modelRegistry();
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? toJson(registry.entries()) : toTable(registry.entries()));
        out.flush();
        return 0;
    }

    static String toTable(List<ModelEntry> entries) {
        String[] head = {"NAME", "HUGGING FACE", "OLLAMA", "GGUF", "ALIASES"};
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
        }
        for (ModelEntry e : entries) {
            String[] row = row(e);
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        String format = "%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %-" + w[3] + "s  %s%n";
        StringBuilder sb = new StringBuilder(String.format(format, (Object[]) head));
        for (ModelEntry e : entries) {
            sb.append(String.format(format, (Object[]) row(e)));
        }
        return sb.toString().stripTrailing();
    }

    private static String[] row(ModelEntry e) {
        return new String[] {e.name(), e.huggingFace().orElse("-"), e.ollama().orElse("-"), e.gguf().orElse("-"),
            String.join(", ", e.aliases())};
    }

    private static String toJson(List<ModelEntry> entries) {
        StringBuilder sb = new StringBuilder("{\"models\":[");
        String sep = "";
        for (ModelEntry e : entries) {
            sb.append(sep).append("{\"name\":").append(JsonText.quote(e.name()))
                    .append(",\"huggingFaceId\":").append(e.huggingFace().map(JsonText::quote).orElse("null"))
                    .append(",\"ollamaTag\":").append(e.ollama().map(JsonText::quote).orElse("null"))
                    .append(",\"ggufFile\":").append(e.gguf().map(JsonText::quote).orElse("null"))
                    .append(",\"aliases\":[")
                    .append(String.join(",", e.aliases().stream().map(JsonText::quote).toList())).append("]}");
            sep = ",";
        }
        return sb.append("]}").toString();
    }
}
