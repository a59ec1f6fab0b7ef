package io.futurnal.llm.synthetic;

/**
 * One weight tensor of a synthetic model, under its Hugging Face and its GGUF name.
 *
 * @param hfName       the name in safetensors ({@code model.layers.0.self_attn.q_proj.weight})
 * @param ggufName     the name in GGUF ({@code blk.0.attn_q.weight})
 * @param rows         output features (1 for a norm vector)
 * @param cols         input features, the contiguous dimension
 * @param norm         whether this is an RMSNorm weight (all ones, kept F32 in GGUF)
 * @param ropeHeads    for q/k projections the number of heads whose rows GGUF interleaves, else 0
 */
public record SyntheticTensor(String hfName, String ggufName, long rows, long cols, boolean norm, int ropeHeads) {

    /** Number of weights. */
    public long elements() {
        return rows * cols;
    }

    /** The safetensors shape: {@code [rows, cols]}, or {@code [cols]} for a norm. */
    public long[] hfShape() {
        return norm ? new long[] {cols} : new long[] {rows, cols};
    }

    /** The GGUF dimensions, fastest first: {@code [cols, rows]}, or {@code [cols]} for a norm. */
    public long[] ggufDims() {
        return norm ? new long[] {cols} : new long[] {cols, rows};
    }

    /**
     * The Hugging Face row stored at GGUF row {@code ggufRow}. llama.cpp applies rotary embeddings to
     * adjacent pairs, Hugging Face to the two halves of a head, so llama.cpp's converter permutes the
     * rows of each q/k head: GGUF row {@code 2i + half} is Hugging Face row {@code half * dim/2 + i}.
     */
    public long hfRowOf(long ggufRow) {
        if (ropeHeads == 0) {
            return ggufRow;
        }
        long headDim = rows / ropeHeads;
        long head = ggufRow / headDim;
        long within = ggufRow % headDim;
        return head * headDim + (within % 2) * (headDim / 2) + within / 2;
    }
}
