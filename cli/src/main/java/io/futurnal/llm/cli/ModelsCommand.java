package io.futurnal.llm.cli;

import io.futurnal.llm.ModelEntry;
import io.futurnal.llm.ModelRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the model-name mapping: built-ins plus the user's file. */
@Command(name = "models", description = "Show the model-name mapping: each model's name per backend, and its aliases.")
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
        List<String> columns = columns(entries);
        List<String> head = new ArrayList<>(List.of("NAME"));
        columns.forEach(c -> head.add(c.toUpperCase(Locale.ROOT)));
        head.add("ALIASES");
        List<List<String>> rows = new ArrayList<>();
        rows.add(head);
        for (ModelEntry e : entries) {
            List<String> row = new ArrayList<>(List.of(e.name()));
            columns.forEach(c -> row.add(e.nameFor(c).orElse("-")));
            row.add(String.join(", ", e.aliases()));
            rows.add(row);
        }
        int[] w = new int[head.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        });
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                sb.append(i + 1 < r.size() ? String.format("%-" + w[i] + "s  ", r.get(i)) : r.get(i));
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** The backend ids that name at least one model, in order of first appearance. */
    private static List<String> columns(List<ModelEntry> entries) {
        Set<String> ids = new LinkedHashSet<>();
        entries.forEach(e -> ids.addAll(e.names().keySet()));
        return List.copyOf(ids);
    }

    private static String toJson(List<ModelEntry> entries) {
        StringBuilder sb = new StringBuilder("{\"models\":[");
        String sep = "";
        for (ModelEntry e : entries) {
            sb.append(sep).append("{\"name\":").append(JsonText.quote(e.name()))
                    .append(",\"aliases\":[")
                    .append(String.join(",", e.aliases().stream().map(JsonText::quote).toList())).append("]")
                    .append(",\"names\":{")
                    .append(String.join(",", e.names().entrySet().stream()
                            .map(n -> JsonText.quote(n.getKey()) + ":" + JsonText.quote(n.getValue())).toList()))
                    .append("}}");
            sep = ",";
        }
        return sb.append("]}").toString();
    }
}
