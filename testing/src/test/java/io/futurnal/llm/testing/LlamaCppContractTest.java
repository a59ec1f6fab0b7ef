package io.futurnal.llm.testing;

import io.futurnal.llm.Capability;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import java.util.Map;
import java.util.Set;

/**
 * The contract suite on the bundled stories260K GGUF through llama.cpp, with the ChatML template so
 * that chat is covered: generation, chat, JSON, JSON schema and tools (a call decoded under a
 * grammar from the tools' schemas); reasoning, embeddings and images are refused typed. (It runs here because this module already depends on the llama.cpp
 * backend for its tests, and the backend cannot depend on this module without a cycle.)
 */
class LlamaCppContractTest extends LlmClientContract {

    @Override
    protected LlmClient createClient() {
        return LlmClients.create(LlmConfig.builder().environment(Map.of()).backend("llamacpp")
                .set("futurnal.llamacpp.chat.template", "chatml").build());
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return capabilities(Capability.CHAT, Capability.JSON_FORMAT, Capability.JSON_SCHEMA, Capability.TOOLS);
    }
}
