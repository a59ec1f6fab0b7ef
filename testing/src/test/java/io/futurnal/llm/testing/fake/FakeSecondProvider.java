package io.futurnal.llm.testing.fake;

import io.futurnal.llm.Capability;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.util.Set;

/** Backend {@code fake-second}: available, below {@code fake} in priority, serves any model. */
public final class FakeSecondProvider implements LlmBackendProvider {

    @Override
    public String id() {
        return "fake-second";
    }

    @Override
    public int priority() {
        return 998;
    }

    @Override
    public ProbeResult probe(LlmConfig config) {
        return ProbeResult.available("in memory, any model");
    }

    @Override
    public LlmClient create(LlmConfig config) {
        return new FakeClient(id(), config.model().orElse("second-default"), Set.of(Capability.CHAT));
    }
}
