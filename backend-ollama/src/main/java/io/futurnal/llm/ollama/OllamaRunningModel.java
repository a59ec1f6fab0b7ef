package io.futurnal.llm.ollama;

import java.time.Instant;

/**
 * A model loaded in memory, as {@code /api/ps} lists it.
 *
 * @param name          the model
 * @param sizeBytes     memory it takes in all
 * @param vramBytes     the part of it in GPU memory
 * @param expiresAt     when it will be unloaded, or {@code null} when the server did not say
 * @param contextLength the context it was loaded with, or 0 when not reported
 */
public record OllamaRunningModel(String name, long sizeBytes, long vramBytes, Instant expiresAt, int contextLength) {
}
