package io.futurnal.llm.hf;

import io.futurnal.llm.Capability;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.LlmClientContract;
import java.util.Map;
import java.util.Set;

/** The contract suite on the bundled stories260K HF model: plain generation only, everything else refused typed. */
class HfContractTest extends LlmClientContract {

    @Override
    protected LlmClient createClient() {
        return new HfProvider().create(TestModels.config(Map.of()));
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return Set.of();
    }
}
