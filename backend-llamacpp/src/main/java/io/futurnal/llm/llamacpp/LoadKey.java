package io.futurnal.llm.llamacpp;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Everything that makes two loads of a model different. Clients whose keys are equal share one
 * loaded model.
 *
 * @param path         the GGUF file, absolute and normalised
 * @param fileSize     its size, so a replaced file is loaded afresh
 * @param modified     its modification time in milliseconds, for the same reason
 * @param threads      CPU threads
 * @param contextSize  context length in tokens
 * @param gpuLayers    layers offloaded to a GPU, empty for llama.cpp's default
 * @param chatTemplate a named chat template replacing the model's, or empty
 * @param embeddings   whether embeddings are enabled
 * @param nativeLog    whether llama.cpp logs to stderr
 */
record LoadKey(Path path, long fileSize, long modified, int threads, int contextSize, OptionalInt gpuLayers,
               String chatTemplate, boolean embeddings, boolean nativeLog) {
}
