package io.futurnal.llm.hf;

import io.futurnal.llm.Capability;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.LlmClientContract;
import java.util.Map;
import java.util.Set;

/**
 * The contract suite on the bundled stories260K HF model: generation, JSON and JSON schema, and tools
 * (decoded under the tools' schemas, with a plain transcript as the model has no chat template);
 * chat without tools, reasoning, embeddings and images are refused typed.
 */
class HfContractTest extends LlmClientContract {

    @Override
    protected LlmClient createClient() {
        return new HfProvider().create(TestModels.config(Map.of()));
    }

    /** stories260K cannot read; its call is valid, but of whichever tool it likes. */
    @Override
    protected boolean picksTheAskedTool() {
        return false;
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return capabilities(Capability.JSON_FORMAT, Capability.JSON_SCHEMA, Capability.TOOLS);
    }
}
