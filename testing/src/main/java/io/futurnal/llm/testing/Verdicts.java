package io.futurnal.llm.testing;

import io.futurnal.llm.Capability;
import io.futurnal.llm.DetectionReport;
import io.futurnal.llm.UnsupportedCapabilityException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.opentest4j.TestAbortedException;

/** Decides, for one class, between running, skipping and failing, and words the reason. */
final class Verdicts {
    private static final String SKIP_HINT = "The tests are skipped. Set " + LlmExtension.STRICT
            + "=true (system property, JUnit configuration parameter, or FUTURNAL_LLM_TEST_STRICT) to fail instead.";
    private static final String STRICT_HINT = "Strict mode is on (" + LlmExtension.STRICT + "), so this fails instead of being skipped.";
    private static final String BROKEN_HINT = "This is a broken setup rather than a missing backend, so it fails.";

    private Verdicts() {
    }

    /** Why the class must be skipped, when it must; empty when it runs or must fail. */
    static Optional<String> skipReason(Bindings.Binding binding, boolean strict) {
        if (strict) {
            return Optional.empty();
        }
        if (binding.outcome() instanceof ClientOutcome.Failed failed) {
            return failed.skippable() ? Optional.of(noClient(binding, failed) + "\n" + SKIP_HINT) : Optional.empty();
        }
        return missingCapabilities(binding).map(message -> message + "\n" + SKIP_HINT);
    }

    /**
     * The client when the class can run.
     *
     * @throws TestAbortedException when the class should have been skipped (only reached if JUnit's
     *                              conditions were deactivated)
     * @throws RuntimeException     an {@link io.futurnal.llm.LlmException} when strict mode is on or the setup is broken
     */
    static ClientOutcome.Ready requireUsable(Bindings.Binding binding, boolean strict) {
        Optional<String> skip = skipReason(binding, strict);
        if (skip.isPresent()) {
            throw new TestAbortedException(skip.get());
        }
        if (binding.outcome() instanceof ClientOutcome.Failed failed) {
            throw failed.newFailure(noClient(binding, failed) + "\n" + (failed.skippable() ? STRICT_HINT : BROKEN_HINT));
        }
        ClientOutcome.Ready ready = (ClientOutcome.Ready) binding.outcome();
        Optional<String> missing = missingCapabilities(binding);
        if (missing.isPresent()) {
            Capability first = EnumSet.copyOf(binding.settings().requires()).stream()
                    .filter(c -> !ready.client().capabilities().contains(c)).findFirst().orElseThrow();
            throw new UnsupportedCapabilityException(first, missing.get() + "\n" + STRICT_HINT);
        }
        return ready;
    }

    private static String noClient(Bindings.Binding binding, ClientOutcome.Failed failed) {
        LlmTestSettings settings = binding.settings();
        return "No LLM for " + settings.describe() + " on " + settings.source().getSimpleName()
                + " (" + failed.key() + "): " + withReport(failed.reason(), failed.reportSeen());
    }

    private static Optional<String> missingCapabilities(Bindings.Binding binding) {
        if (!(binding.outcome() instanceof ClientOutcome.Ready ready) || binding.settings().requires().isEmpty()) {
            return Optional.empty();
        }
        Set<Capability> has = ready.client().capabilities();
        Set<Capability> missing = EnumSet.copyOf(binding.settings().requires());
        missing.removeAll(has);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(binding.settings().source().getSimpleName() + " requires " + missing + ", which backend '"
                + ready.client().info().backend() + "' with model '" + ready.client().info().model()
                + "' lacks (it has " + (has.isEmpty() ? "[]" : EnumSet.copyOf(has)) + ").");
    }

    private static String withReport(String reason, DetectionReport report) {
        if (report == null) {
            return reason;
        }
        String table = report.toTable();
        return reason.contains(table) ? reason : reason + "\n" + table;
    }
}
