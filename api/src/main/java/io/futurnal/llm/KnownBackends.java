package io.futurnal.llm;

import java.util.Map;
import java.util.Optional;

/** The backends this project publishes, so a missing jar can be named in an error message. */
final class KnownBackends {
    private static final Map<String, String> ARTIFACTS = Map.of(
            "ollama", "futurnal-llm-backend-ollama",
            "llamacpp", "futurnal-llm-backend-llamacpp",
            "hf", "futurnal-llm-backend-hf",
            "openai", "futurnal-llm-backend-openai",
            "vllm", "futurnal-llm-backend-vllm-stub");

    private KnownBackends() {
    }

    static Optional<String> artifactFor(String id) {
        return Optional.ofNullable(ARTIFACTS.get(id));
    }
}
