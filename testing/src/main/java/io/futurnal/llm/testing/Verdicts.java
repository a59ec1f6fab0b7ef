package io.futurnal.llm.testing;

import io.futurnal.llm.Capability;
import io.futurnal.llm.DetectionReport;
import io.futurnal.llm.UnsupportedCapabilityException;
import java.util.EnumSet;
import java.util.Set;
import org.opentest4j.TestAbortedException;

/** Decides, for one class, between running, skipping and failing, and words the reason. */
final class Verdicts {
    private static final String SKIP_HINT = "The tests are skipped. Set " + LlmExtension.STRICT
            + "=true (system property, JUnit configuration parameter, or FUTURNAL_LLM_TEST_STRICT) to fail instead.";
    private static final String STRICT_HINT = "Strict mode is on (" + LlmExtension.STRICT + "), so this fails instead of being skipped.";

    private Verdicts() {
    }

    /**
     * The client when the class can run.
     *
     * @throws TestAbortedException when no backend fits and strict mode is off
     * @throws RuntimeException     (an {@link io.futurnal.llm.LlmException}) when strict mode is on, or the setup is broken
     */
    static ClientOutcome.Ready requireUsable(Bindings.Binding binding, boolean strict) {
        LlmTestSettings settings = binding.settings();
        if (binding.outcome() instanceof ClientOutcome.Failed failed) {
            String message = "No LLM for " + settings.describe() + " on " + settings.source().getSimpleName()
                    + " (" + failed.key() + "): " + withReport(failed.reason(), failed.reportSeen());
            if (!failed.skippable()) {
                throw failed.newFailure(message + "\nThis is a broken setup rather than a missing backend, so it fails.");
            }
            if (strict) {
                throw failed.newFailure(message + "\n" + STRICT_HINT);
            }
            throw new TestAbortedException(message + "\n" + SKIP_HINT);
        }
        ClientOutcome.Ready ready = (ClientOutcome.Ready) binding.outcome();
        Set<Capability> missing = EnumSet.noneOf(Capability.class);
        missing.addAll(settings.requires());
        missing.removeAll(ready.client().capabilities());
        if (!missing.isEmpty()) {
            String message = settings.source().getSimpleName() + " requires " + missing + ", which backend '"
                    + ready.client().info().backend() + "' with model '" + ready.client().info().model()
                    + "' lacks (it has " + sorted(ready.client().capabilities()) + ").";
            if (strict) {
                throw new UnsupportedCapabilityException(missing.iterator().next(), message + "\n" + STRICT_HINT);
            }
            throw new TestAbortedException(message + "\n" + SKIP_HINT);
        }
        return ready;
    }

    private static String withReport(String reason, DetectionReport report) {
        if (report == null) {
            return reason;
        }
        String table = report.toTable();
        return reason.contains(table) ? reason : reason + "\n" + table;
    }

    private static Set<Capability> sorted(Set<Capability> capabilities) {
        return capabilities.isEmpty() ? Set.of() : EnumSet.copyOf(capabilities);
    }
}
