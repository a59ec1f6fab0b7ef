package io.futurnal.llm.testing.fake;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;

/** Backend {@code fake-down}: installed but never available, and it counts its probes. */
public final class FakeDownProvider implements LlmBackendProvider {

    /** The reason its probe gives, for assertions. */
    public static final String REASON = "fake-down is switched off for this test";

    @Override
    public String id() {
        return "fake-down";
    }

    @Override
    public int priority() {
        return 999;
    }

    @Override
    public ProbeResult probe(LlmConfig config) {
        FakeBackend.recordDownProbe();
        return ProbeResult.unavailable(REASON);
    }

    @Override
    public LlmClient create(LlmConfig config) {
        throw new IllegalStateException("create() called on an unavailable backend");
    }
}
