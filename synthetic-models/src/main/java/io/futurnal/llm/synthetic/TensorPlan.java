package io.futurnal.llm.synthetic;

import java.util.ArrayList;
import java.util.List;

/** The tensors of a Llama checkpoint of a given shape, in the order converters write them. */
final class TensorPlan {

    private TensorPlan() {
    }

    static List<SyntheticTensor> of(ModelShape s) {
        long hidden = s.hiddenSize();
        long qWidth = (long) s.heads() * s.headDim();
        long kvWidth = (long) s.kvHeads() * s.headDim();
        long ffn = s.intermediateSize();
        List<SyntheticTensor> tensors = new ArrayList<>();
        tensors.add(matrix("model.embed_tokens.weight", "token_embd.weight", s.vocabSize(), hidden));
        for (int i = 0; i < s.layers(); i++) {
            String hf = "model.layers." + i + ".";
            String gg = "blk." + i + ".";
            tensors.add(norm(hf + "input_layernorm.weight", gg + "attn_norm.weight", hidden));
            tensors.add(new SyntheticTensor(hf + "self_attn.q_proj.weight", gg + "attn_q.weight", qWidth, hidden,
                    false, s.heads()));
            tensors.add(new SyntheticTensor(hf + "self_attn.k_proj.weight", gg + "attn_k.weight", kvWidth, hidden,
                    false, s.kvHeads()));
            tensors.add(matrix(hf + "self_attn.v_proj.weight", gg + "attn_v.weight", kvWidth, hidden));
            tensors.add(matrix(hf + "self_attn.o_proj.weight", gg + "attn_output.weight", hidden, qWidth));
            tensors.add(norm(hf + "post_attention_layernorm.weight", gg + "ffn_norm.weight", hidden));
            tensors.add(matrix(hf + "mlp.gate_proj.weight", gg + "ffn_gate.weight", ffn, hidden));
            tensors.add(matrix(hf + "mlp.up_proj.weight", gg + "ffn_up.weight", ffn, hidden));
            tensors.add(matrix(hf + "mlp.down_proj.weight", gg + "ffn_down.weight", hidden, ffn));
        }
        tensors.add(norm("model.norm.weight", "output_norm.weight", hidden));
        if (!s.tiedEmbeddings()) {
            tensors.add(matrix("lm_head.weight", "output.weight", s.vocabSize(), hidden));
        }
        return List.copyOf(tensors);
    }

    private static SyntheticTensor matrix(String hf, String gguf, long rows, long cols) {
        return new SyntheticTensor(hf, gguf, rows, cols, false, 0);
    }

    private static SyntheticTensor norm(String hf, String gguf, long width) {
        return new SyntheticTensor(hf, gguf, 1, width, true, 0);
    }
}
