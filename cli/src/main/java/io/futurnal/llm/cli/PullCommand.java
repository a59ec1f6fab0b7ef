package io.futurnal.llm.cli;

import io.futurnal.llm.BackendSelector;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelManagement;
import io.futurnal.llm.UnsupportedCapabilityException;
import io.futurnal.llm.Capability;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Downloads a model into a backend that stores models (Ollama), drawing a progress bar on stderr. */
@Command(name = "pull", description = "Download a model into a backend that manages models (Ollama), with a progress bar on stderr.")
final class PullCommand implements Callable<Integer> {

    @Option(names = {"-b", "--backend"}, paramLabel = "ID", defaultValue = "ollama",
            description = "The backend to pull into. Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = {"-v", "--verbose"}, description = "Debug logs and stack traces on stderr.")
    boolean verbose;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A registry name, HF id or Ollama tag, e.g. llama3.1 or qwen2.5:0.5b.")
    String model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LlmConfig config = LlmConfig.builder().backend(backend).build();
        // no probe: pulling is how a server with no models gets its first one
        try (LlmClient client = BackendSelector.fromClasspath().openWithoutProbe(config)) {
            ModelManagement models = client.unwrap(ModelManagement.class).orElseThrow(() ->
                    new UnsupportedCapabilityException(Capability.MODEL_MANAGEMENT,
                            "backend '" + client.info().backend() + "' does not download models; pull works with ollama"));
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), System.console() != null);
            models.pull(model, bar::update);
            bar.done();
            spec.commandLine().getOut().println("pulled " + model);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
