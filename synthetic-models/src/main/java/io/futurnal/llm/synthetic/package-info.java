/**
 * Random-weight models in the exact shapes of real Llama checkpoints, as Hugging Face directories
 * and GGUF files holding the same weights, for tests and the bench at real size without downloads.
 * The entry point is {@link io.futurnal.llm.synthetic.SyntheticModels}.
 */
package io.futurnal.llm.synthetic;
