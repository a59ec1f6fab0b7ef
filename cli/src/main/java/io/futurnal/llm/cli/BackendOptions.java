package io.futurnal.llm.cli;

import io.futurnal.llm.LlmConfig;
import picocli.CommandLine.Option;

/** The options every command that picks a backend shares. They override the environment. */
final class BackendOptions {

    @Option(names = {"-b", "--backend"}, paramLabel = "ID",
            description = "Backend id or alias (auto, ollama, llamacpp, hf, openai, ...). Default: $FUTURNAL_LLM_BACKEND or auto.")
    String backend;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME",
            description = "Model: a registry name, HF id, Ollama tag or path. Default: $FUTURNAL_PRODUCTION_LLM or the backend's default.")
    String model;

    @Option(names = {"-v", "--verbose"}, description = "Debug logs and stack traces on stderr.")
    boolean verbose;

    /** The configuration from the environment with these options on top. */
    LlmConfig config() {
        LlmConfig.Builder builder = LlmConfig.builder().listener(new DownloadProgressListener());
        if (backend != null) {
            builder.backend(backend);
        }
        if (model != null) {
            builder.model(model);
        }
        return builder.build();
    }
}
