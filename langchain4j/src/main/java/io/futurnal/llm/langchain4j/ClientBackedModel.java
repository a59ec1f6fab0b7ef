package io.futurnal.llm.langchain4j;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.futurnal.llm.LlmClient;
import java.util.Objects;
import java.util.Set;

/** What the chat models share: the client, whether they own it, and their default parameters. */
abstract class ClientBackedModel implements AutoCloseable {
    private final OwnedClient owned;
    private final ChatRequestParameters defaults;

    ClientBackedModel(OwnedClient owned, ChatRequestParameters defaults) {
        this.owned = owned;
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /** The client this model calls. */
    public LlmClient client() {
        return owned.client();
    }

    /** The parameters every request starts from; a request's own values win. */
    public ChatRequestParameters defaultRequestParameters() {
        return defaults;
    }

    /** JSON-schema output when the client can constrain it. */
    public Set<Capability> supportedCapabilities() {
        return Requests.capabilities(owned.client());
    }

    /** Closes the client if this model made it. */
    @Override
    public void close() {
        owned.close();
    }
}
