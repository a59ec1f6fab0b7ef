package io.futurnal.llm.hf;

import io.futurnal.llm.InvalidModelFileException;
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

    /**
     * Number of elements.
     *
     * @throws InvalidModelFileException when the shape's product does not fit in a long (a corrupt header)
     */
    long elements() {
        long n = 1;
        for (long d : shape) {
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new InvalidModelFileException(file, "tensor '" + name + "' has shape " + shapeText()
                        + ", whose element count overflows 64 bits");
            }
        }
        return n;
    }

    /** The shape as text, e.g. {@code [64, 172]}. */
    String shapeText() {
        return Arrays.toString(shape);
    }
}
