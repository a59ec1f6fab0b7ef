/**
 * The {@code hf} backend: Hugging Face model directories (Llama, Mistral, Qwen2 in safetensors)
 * run in-process on DJL's PyTorch engine, offline, with DJL's Hugging Face tokenizer.
 *
 * <p>Settings (property / environment form, default):
 * <ul>
 *   <li>{@code futurnal.hf.model.dir} / {@code FUTURNAL_HF_MODEL_DIR}: a model directory to run;
 *       otherwise the configured model as a directory, then its Hugging Face id in the local hub
 *       cache, then (no model, or {@code stories260k}) the bundled model.</li>
 *   <li>{@code hf.hub.cache} / {@code HF_HUB_CACHE} and {@code hf.home} / {@code HF_HOME}: where
 *       the hub cache is (default {@code ~/.cache/huggingface/hub}).</li>
 *   <li>{@code futurnal.hf.threads} / {@code FUTURNAL_HF_THREADS}, default 1: PyTorch intra-op
 *       threads, process-wide.</li>
 *   <li>{@code futurnal.hf.context} / {@code FUTURNAL_HF_CONTEXT}, default 8192: most positions
 *       per call, capped by the model's {@code max_position_embeddings}.</li>
 * </ul>
 * DJL runs with {@code ai.djl.offline=true}; its caches ({@code DJL_CACHE_DIR},
 * {@code ENGINE_CACHE_DIR}) default to {@code djl} under the library's cache directory, where
 * libtorch (about 450 MB) is unpacked on first use.
 */
package io.futurnal.llm.hf;
