package io.futurnal.llm.llamacpp;

import java.nio.file.Path;

/**
 * A GGUF file chosen for a request, and how it was found.
 *
 * @param path        the file
 * @param displayName the name to show users: the configured name, or the file name
 * @param source      where it came from, e.g. {@code FUTURNAL_LLAMACPP_MODEL} or {@code the bundled default model}
 * @param bundled     whether it is the shipped stories260K toy model
 */
record ResolvedModel(Path path, String displayName, String source, boolean bundled) {
}
