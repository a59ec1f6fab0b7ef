package io.futurnal.llm;

import java.util.List;
import java.util.function.Consumer;

/**
 * Model housekeeping for backends that store models themselves (Ollama). Obtain it with
 * {@code client.unwrap(ModelManagement.class)}.
 */
public interface ModelManagement {

    /** Models present on the backend. */
    List<ModelSummary> listModels();

    /**
     * Downloads a model, reporting progress as it goes. Blocks until done.
     *
     * @throws ModelNotFoundException when the registry has no such model
     */
    void pull(String model, Consumer<PullProgress> progress);

    /** Deletes a local model. @throws ModelNotFoundException when it is not there */
    void delete(String model);
}
