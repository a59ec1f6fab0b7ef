package io.futurnal.llm.cli;

import io.futurnal.llm.BackendSelector;
import io.futurnal.llm.DetectionReport;
import io.futurnal.llm.ProbeOutcome;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints what backend detection finds: every provider on the classpath, available or not, and why. */
@Command(name = "backends", description = "List the backends on the classpath, whether each is available and why, and which one would be used.")
final class BackendsCommand implements Callable<Integer> {

    @Mixin
    BackendOptions options;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DetectionReport report = BackendSelector.fromClasspath().detect(options.config());
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? toJson(report) : report.toTable());
        out.flush();
        return 0;
    }

    static String toJson(DetectionReport report) {
        StringBuilder sb = new StringBuilder("{\"requested\":").append(JsonText.quote(report.requested()))
                .append(",\"chosen\":").append(report.chosen().map(JsonText::quote).orElse("null"))
                .append(",\"elapsedMillis\":").append(report.elapsed().toMillis())
                .append(",\"backends\":[");
        String sep = "";
        for (ProbeOutcome o : report.outcomes()) {
            sb.append(sep).append("{\"id\":").append(JsonText.quote(o.id()))
                    .append(",\"priority\":").append(o.priority())
                    .append(",\"status\":").append(JsonText.quote(o.status().label()))
                    .append(",\"available\":").append(o.available())
                    .append(",\"probeMillis\":").append(o.probeTime().toMillis())
                    .append(",\"reason\":").append(JsonText.quote(o.reason())).append('}');
            sep = ",";
        }
        return sb.append("]}").toString();
    }
}
