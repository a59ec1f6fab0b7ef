/**
 * The llama.cpp backend: GGUF models run in this process through the de.kherud:llama bindings,
 * with no server and no network. {@link io.futurnal.llm.llamacpp.LlamaCppProvider} is found by
 * {@link java.util.ServiceLoader}; {@link io.futurnal.llm.llamacpp.LlamaCppClient} adds
 * tokenization and model facts read by {@link io.futurnal.llm.llamacpp.GgufReader}.
 *
 * <p>With nothing configured the backend runs the bundled stories260K, a 260K-parameter toy model
 * for demos and tests. Point it at a real model with {@code FUTURNAL_LLAMACPP_MODEL=/path/model.gguf},
 * or name one with {@code FUTURNAL_PRODUCTION_LLM} and keep its GGUF file in
 * {@code FUTURNAL_LLAMACPP_MODELS_DIR} or pulled by Ollama.
 */
package io.futurnal.llm.llamacpp;
