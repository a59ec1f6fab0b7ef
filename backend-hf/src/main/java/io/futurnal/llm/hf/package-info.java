/**
 * The {@code hf} backend: Hugging Face model directories (Llama, Mistral, Qwen2 and Qwen3 in safetensors)
 * run in-process on DJL's PyTorch engine, offline, with DJL's Hugging Face tokenizer.
 *
 * <p>Its settings are declared once, as {@code ConfigKey}s in {@code HfSettings}, and listed by
 * {@link io.futurnal.llm.hf.HfProvider#configKeys()}; the README's configuration table shows them.
 * Model resolution, first match wins: {@code FUTURNAL_HF_MODEL_DIR}, the configured model as a
 * directory, its Hugging Face id in the local hub cache, then the bundled model.
 * DJL runs with {@code ai.djl.offline=true}; its caches ({@code DJL_CACHE_DIR},
 * {@code ENGINE_CACHE_DIR}) default to {@code djl} under the library's cache directory, where
 * libtorch (about 450 MB) is unpacked on first use.
 */
package io.futurnal.llm.hf;
