package io.futurnal.llm.testing.fake;

import io.futurnal.llm.Capability;
import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Backend {@code fake}: always available, highest priority. The model name steers it: a name
 * starting with {@code missing} is not found, {@code broken} is a corrupt file, {@code unlinkable}
 * has native code that will not load, {@code embedder}
 * adds embeddings to the usual chat and JSON capabilities.
 */
public final class FakeProvider implements LlmBackendProvider {

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public int priority() {
        return 1000;
    }

    @Override
    public ProbeResult probe(LlmConfig config) {
        return ProbeResult.available("in memory");
    }

    @Override
    public LlmClient create(LlmConfig config) {
        String model = config.model().orElse("fake-default");
        if (model.startsWith("missing")) {
            throw new ModelNotFoundException(model, "the fake backend has no such model");
        }
        if (model.equals("unlinkable")) {
            throw new UnsatisfiedLinkError("no fakenative in java.library.path");
        }
        if (model.equals("broken")) {
            throw new InvalidModelFileException(Path.of("broken.gguf"), "not a GGUF file (bad magic)");
        }
        Set<Capability> capabilities = EnumSet.of(Capability.CHAT, Capability.JSON_FORMAT);
        if (model.equals("embedder")) {
            capabilities.add(Capability.EMBEDDINGS);
        }
        return new FakeClient(id(), model, capabilities);
    }
}
