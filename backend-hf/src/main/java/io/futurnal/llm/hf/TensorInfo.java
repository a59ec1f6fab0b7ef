package io.futurnal.llm.hf;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where one tensor of a safetensors file lives.
 *
 * @param name       the tensor name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtype      the safetensors dtype, e.g. {@code F32}, {@code BF16}
 * @param shape      its dimensions
 * @param file       the file holding it
 * @param fileOffset absolute byte offset of its first byte in {@code file}
 * @param byteLength its size in bytes
 */
record TensorInfo(String name, String dtype, long[] shape, Path file, long fileOffset, long byteLength) {

    TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    long elements() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The shape as text, e.g. {@code [64, 172]}. */
    String shapeText() {
        return Arrays.toString(shape);
    }
}
