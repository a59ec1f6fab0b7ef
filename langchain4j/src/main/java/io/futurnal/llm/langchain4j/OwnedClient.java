package io.futurnal.llm.langchain4j;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import java.util.Objects;

/** A client and whether the model that holds it made it (and so must close it). */
record OwnedClient(LlmClient client, boolean owned) implements AutoCloseable {
    OwnedClient {
        Objects.requireNonNull(client, "client");
    }

    static OwnedClient borrowed(LlmClient client) {
        return new OwnedClient(client, false);
    }

    static OwnedClient created(LlmConfig config) {
        try {
            return new OwnedClient(LlmClients.create(config), true);
        } catch (RuntimeException e) {
            throw Errors.toLangChain4j(e);
        }
    }

    @Override
    public void close() {
        if (owned) {
            client.close();
        }
    }
}
