package io.futurnal.llm.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.futurnal.llm.bench.SuiteResult.SuiteRun;
import java.util.ArrayList;
import java.util.List;

/**
 * The parent side of the suite scenario: runs the N test classes in one fresh JVM with a shared
 * client, then in another with a client per class, and compares the wall times.
 *
 * <p>Each mode gets its own JVM so that both start equally cold. Within the per-class JVM every
 * class closes its client when it ends (the testing module's {@code PER_CLASS} scope), so the next
 * class has to load the model again; see {@link #NOTE}.
 */
final class SuiteScenario {
    /** Tokens each test class generates: enough for a real call, few enough not to hide the loads. */
    static final int TOKENS_PER_CLASS = 8;

    /**
     * The llama.cpp backend keeps a model loaded after its last client closes, so in one JVM a
     * per-class client would find it warm. Both suite JVMs turn that off, so a closed client frees
     * its model and the next class loads it again, as a backend without a JVM-wide cache does.
     */
    static final String KEEP_LOADED_OFF = "-Dfuturnal.llamacpp.keep.loaded=false";

    static final String NOTE = "each mode runs in its own fresh JVM with the same settings; the testing module closes a "
            + "PER_CLASS client when its class ends, before the next class creates its own; both JVMs run with "
            + "futurnal.llamacpp.keep.loaded=false so that llama.cpp frees a model on its last close instead of keeping it "
            + "for reuse (as a backend without a JVM-wide model cache does), hence every per-class client loads the model";

    private final RunSettings settings;
    private final ProgressBar progress;

    SuiteScenario(RunSettings settings, ProgressBar progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Progress steps: one per class per mode. */
    static int steps(RunSettings settings) {
        return 2 * settings.suiteClasses();
    }

    SuiteResult run() {
        List<String> methods = new ArrayList<>();
        SuiteRun shared = runMode("shared", methods);
        SuiteRun perClass = runMode("per-class", methods);
        String method = methods.stream().filter(m -> !m.equals("?")).findFirst().orElse("?");
        return new SuiteResult(settings.suiteBackend(), settings.suiteClasses(), method, shared, perClass, NOTE);
    }

    private SuiteRun runMode(String mode, List<String> methods) {
        progress.task("suite on " + settings.suiteBackend() + ", " + mode + " client");
        List<String> args = new ArrayList<>(List.of("--mode", mode, "--classes", Integer.toString(settings.suiteClasses()),
                "--backend", settings.suiteBackend(), "--prompt", settings.prompt(),
                "--max-tokens", Integer.toString(TOKENS_PER_CLASS)));
        if (settings.model() != null) {
            args.add("--model");
            args.add(settings.model());
        }
        int[] done = {0};
        ChildJvm.Outcome outcome = ChildJvm.run(SuiteClasspath.forChild(), SuiteWorker.class, List.of(KEEP_LOADED_OFF), args, settings.timeout(), step -> {
            done[0]++;
            progress.step(step);
        });
        progress.skip(settings.suiteClasses() - done[0]);
        if (outcome.resultJson().isEmpty()) {
            methods.add("?");
            return SuiteRun.failed(mode, outcome.failure(settings.timeout()));
        }
        try {
            SuiteWorker.Outcome parsed = ChildProtocol.JSON.readValue(outcome.resultJson().get(), SuiteWorker.Outcome.class);
            methods.add(parsed.method());
            return parsed.run();
        } catch (JsonProcessingException e) {
            methods.add("?");
            return SuiteRun.failed(mode, "unreadable worker result: " + e.getOriginalMessage());
        }
    }
}
