package io.futurnal.llm.bench;

import java.util.List;
import java.util.Optional;

/**
 * Everything one bench run produced.
 *
 * @param machine        where it ran
 * @param settings       the options it ran with
 * @param backends       one result per backend, in the order they were asked for or detected
 * @param suite          the test-suite scenario, when it ran
 * @param elapsedSeconds wall time of the whole run
 * @param notes          what was left out and why (for example a suite backend that is not available)
 */
public record BenchReport(MachineInfo machine, RunSettings settings, List<BackendResult> backends,
                          SuiteResult suite, double elapsedSeconds, List<String> notes) {

    /** Copies the lists; null notes become empty. */
    public BenchReport {
        backends = List.copyOf(backends);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** The suite result, if the scenario ran. */
    public Optional<SuiteResult> suiteResult() {
        return Optional.ofNullable(suite);
    }

    /** The backends that delivered figures. */
    public List<BackendResult> measured() {
        return backends.stream().filter(b -> b.status() == BackendResult.Status.MEASURED).toList();
    }
}
