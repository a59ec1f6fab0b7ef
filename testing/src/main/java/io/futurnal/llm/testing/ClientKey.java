package io.futurnal.llm.testing;

import io.futurnal.llm.LlmConfig;

/**
 * What makes two test classes share a client: the requested backend and model after the
 * annotation's overrides have been applied to the configuration.
 *
 * @param backend the requested backend id or {@code auto}
 * @param model   the requested model, empty for the backend's default
 */
record ClientKey(String backend, String model) {

    static ClientKey of(LlmConfig config) {
        return new ClientKey(config.backend(), config.model().orElse(""));
    }

    @Override
    public String toString() {
        return "backend=" + backend + ", model=" + (model.isEmpty() ? "(backend default)" : model);
    }
}
