package io.futurnal.llm;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What backend detection found: every provider on the classpath in priority order, whether it is
 * available and why, how long its probe took, and which one was chosen.
 *
 * @param requested the configured backend ({@code auto} or an id)
 * @param outcomes  one line per provider, highest priority first
 * @param chosen    the id of the chosen backend, if any
 * @param elapsed   wall time of the whole detection
 */
public record DetectionReport(String requested, List<ProbeOutcome> outcomes, Optional<String> chosen, Duration elapsed) {

    /** Copies the outcomes so the report stays immutable. */
    public DetectionReport {
        outcomes = List.copyOf(outcomes);
    }

    /** The outcome for {@code id}, if that provider is on the classpath. */
    public Optional<ProbeOutcome> outcome(String id) {
        return outcomes.stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /** A fixed-width table, one provider per line, for terminals and error messages. */
    public String toTable() {
        int idWidth = Math.max("BACKEND".length(), outcomes.stream().mapToInt(o -> o.id().length()).max().orElse(0));
        StringBuilder sb = new StringBuilder();
        String format = "%-3s %-" + idWidth + "s %8s  %-11s %7s  %s%n";
        sb.append(String.format(format, "", "BACKEND", "PRIORITY", "STATUS", "PROBE", "REASON"));
        for (ProbeOutcome o : outcomes) {
            boolean isChosen = chosen.filter(o.id()::equals).isPresent();
            String time = o.status() == ProbeOutcome.Status.SKIPPED ? "-" : o.probeTime().toMillis() + "ms";
            // a reason may quote a URL or a server's words: shown without passwords or terminal controls
            sb.append(String.format(format, isChosen ? "->" : "", o.id(), o.priority(), o.status().label(), time,
                    io.futurnal.llm.spi.Redaction.forDisplay(o.reason()).replace('\n', ' ')));
        }
        sb.append(chosen.map(id -> "chosen: " + id).orElse("chosen: none"))
                .append(" (requested: ").append(requested).append(", detection took ")
                .append(elapsed.toMillis()).append(" ms)");
        return sb.toString();
    }

    @Override
    public String toString() {
        return toTable();
    }
}
