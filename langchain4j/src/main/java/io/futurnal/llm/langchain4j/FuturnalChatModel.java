package io.futurnal.llm.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;

/**
 * A LangChain4j {@link ChatModel} on any futurnal-llm client, so that {@code AiServices} run on
 * whichever backend auto-detection picks.
 *
 * <pre>{@code
 * try (FuturnalChatModel model = FuturnalChatModel.create(LlmConfig.fromEnvironment())) {
 *     Assistant assistant = AiServices.create(Assistant.class, model);
 * }
 * }</pre>
 *
 * <p>Errors arrive as LangChain4j's exception types ({@code TimeoutException},
 * {@code ModelNotFoundException}, ...) with our exception as the cause.
 */
public final class FuturnalChatModel extends ClientBackedModel implements ChatModel {
    /** A model on {@code client}; closing the model leaves the client open. */
    public FuturnalChatModel(LlmClient client) {
        this(client, DefaultChatRequestParameters.EMPTY);
    }

    /**
     * A model on {@code client} whose requests start from {@code defaults} (e.g. a
     * {@code maxOutputTokens} for every AiServices call); closing the model leaves the client open.
     */
    public FuturnalChatModel(LlmClient client, ChatRequestParameters defaults) {
        this(OwnedClient.borrowed(client), defaults);
    }

    private FuturnalChatModel(OwnedClient owned, ChatRequestParameters defaults) {
        super(owned, defaults);
    }

    /** A model on a client made from {@code config} (auto-detection included); closing the model closes it. */
    public static FuturnalChatModel create(LlmConfig config) {
        return new FuturnalChatModel(OwnedClient.created(config), DefaultChatRequestParameters.EMPTY);
    }

    /** {@link #create(LlmConfig)} with configuration from system properties and the environment. */
    public static FuturnalChatModel create() {
        return create(LlmConfig.fromEnvironment());
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        try {
            LlmClient client = client();
            return Requests.response(client.chat(Requests.request(request, client.info().model())));
        } catch (RuntimeException e) {
            throw Errors.toLangChain4j(e);
        }
    }
}
