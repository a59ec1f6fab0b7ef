package io.futurnal.llm.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import java.util.List;

/** A LangChain4j {@link EmbeddingModel} on any futurnal-llm client that produces embeddings. */
public final class FuturnalEmbeddingModel implements EmbeddingModel, AutoCloseable {
    private final OwnedClient owned;

    /** A model on {@code client}; closing the model leaves the client open. */
    public FuturnalEmbeddingModel(LlmClient client) {
        this(OwnedClient.borrowed(client));
    }

    private FuturnalEmbeddingModel(OwnedClient owned) {
        this.owned = owned;
    }

    /** A model on a client made from {@code config} (auto-detection included); closing the model closes it. */
    public static FuturnalEmbeddingModel create(LlmConfig config) {
        return new FuturnalEmbeddingModel(OwnedClient.created(config));
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        try {
            EmbeddingResult result = owned.client().embed(segments.stream().map(TextSegment::text).toList());
            List<Embedding> embeddings = result.vectors().stream().map(Embedding::from).toList();
            return Response.from(embeddings, new TokenUsage(result.promptTokens()));
        } catch (RuntimeException e) {
            throw Errors.toLangChain4j(e);
        }
    }

    @Override
    public String modelName() {
        return owned.client().info().model();
    }

    /** Closes the client if this model made it. */
    @Override
    public void close() {
        owned.close();
    }
}
