package io.futurnal.llm.llamacpp;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of resolving a model: the file, or the name that was asked for and every place
 * that was searched.
 *
 * @param model     the file found, if any
 * @param requested what was asked for, as the user wrote it
 * @param tried     the places searched, in order, for messages
 */
record ModelLookup(Optional<ResolvedModel> model, String requested, List<String> tried) {

    ModelLookup {
        tried = List.copyOf(tried);
    }

    static ModelLookup found(ResolvedModel model, String requested, List<String> tried) {
        return new ModelLookup(Optional.of(model), requested, tried);
    }

    static ModelLookup missing(String requested, List<String> tried) {
        return new ModelLookup(Optional.empty(), requested, tried);
    }

    /** One line saying where the model was looked for. */
    String whereLooked() {
        return "looked in: " + String.join("; ", tried);
    }
}
