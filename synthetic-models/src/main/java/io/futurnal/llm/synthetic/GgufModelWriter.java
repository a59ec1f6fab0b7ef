package io.futurnal.llm.synthetic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a synthetic model as a GGUF v3 file with the metadata llama.cpp's Llama loader reads
 * (the keys its {@code convert_hf_to_gguf.py} writes for Llama 3): hyper-parameters under
 * {@code llama.*}, a {@code gpt2} tokenizer with the {@code llama-bpe} pre-tokenizer, and Llama 3
 * rotary scaling as the {@code rope_freqs.weight} factors. Norms stay F32 as the converter keeps them.
 */
final class GgufModelWriter {

    private static final int ALIGNMENT = 32;
    private static final int TOKEN_NORMAL = 1;
    private static final int TOKEN_CONTROL = 3;
    private static final String ROPE_FREQS = "rope_freqs.weight";

    private final ModelShape shape;
    private final Vocabulary vocabulary;
    private final WeightType type;
    private final WeightValues values;

    GgufModelWriter(ModelShape shape, Vocabulary vocabulary, WeightType type, WeightValues values) {
        this.shape = shape;
        this.vocabulary = vocabulary;
        this.type = type;
        this.values = values;
    }

    /** Writes the file; returns the bytes of tensor data. */
    long writeTo(Path file) throws IOException {
        List<SyntheticTensor> tensors = TensorPlan.of(shape);
        GgufOut header = new GgufOut();
        metadata(header);
        GgufOut table = new GgufOut();
        long offset = 0;
        float[] ropeFactors = shape.ropeScaling() == null ? null : ropeFactors();
        if (ropeFactors != null) {
            table.tensorInfo(ROPE_FREQS, new long[] {ropeFactors.length}, WeightType.F32.ggmlType(), offset);
            offset = align(offset + 4L * ropeFactors.length);
        }
        long[] offsets = new long[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            SyntheticTensor t = tensors.get(i);
            offsets[i] = offset;
            table.tensorInfo(t.ggufName(), t.ggufDims(), typeOf(t).ggmlType(), offset);
            offset = align(offset + typeOf(t).bytes(t.elements()));
        }
        int tensorCount = tensors.size() + (ropeFactors == null ? 0 : 1);
        GgufOut preamble = new GgufOut();
        preamble.bytes(new byte[] {'G', 'G', 'U', 'F'});
        preamble.u32(3);
        preamble.u64(tensorCount);
        preamble.u64(header.entries());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TensorStreamer out = new TensorStreamer(channel, values);
            int headerBytes = preamble.size() + header.size() + table.size();
            out.write(ByteBuffer.wrap(preamble.toByteArray()));
            out.write(ByteBuffer.wrap(header.toByteArray()));
            out.write(ByteBuffer.wrap(table.toByteArray()));
            pad(out, headerBytes);
            long written = 0;
            if (ropeFactors != null) {
                ByteBuffer b = ByteBuffer.allocate(4 * ropeFactors.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : ropeFactors) {
                    b.putFloat(f);
                }
                out.write(b.flip());
                written = pad(out, 4L * ropeFactors.length) + 4L * ropeFactors.length;
            }
            for (int i = 0; i < tensors.size(); i++) {
                SyntheticTensor t = tensors.get(i);
                if (written != offsets[i]) {
                    throw new IllegalStateException("GGUF offset mismatch at " + t.ggufName());
                }
                out.write(t, typeOf(t), true);
                long bytes = typeOf(t).bytes(t.elements());
                out.flush();
                written += bytes + pad(out, bytes);
            }
            out.flush();
        }
        return offset;
    }

    private WeightType typeOf(SyntheticTensor t) {
        return t.norm() ? WeightType.F32 : type;
    }

    private void metadata(GgufOut m) {
        int headDim = shape.headDim();
        m.string("general.architecture", "llama")
                .string("general.type", "model")
                .string("general.name", "synthetic " + shape.name())
                .u32("general.file_type", type.ggufFileType());
        if (type == WeightType.Q8_0) {
            m.u32("general.quantization_version", 2);
        }
        m.u32("llama.block_count", shape.layers())
                .u32("llama.context_length", shape.maxPositions())
                .u32("llama.embedding_length", shape.hiddenSize())
                .u32("llama.feed_forward_length", shape.intermediateSize())
                .u32("llama.attention.head_count", shape.heads())
                .u32("llama.attention.head_count_kv", shape.kvHeads())
                .f32("llama.rope.freq_base", shape.ropeTheta())
                .f32("llama.attention.layer_norm_rms_epsilon", shape.rmsNormEps())
                .u32("llama.attention.key_length", headDim)
                .u32("llama.attention.value_length", headDim)
                .u32("llama.vocab_size", shape.vocabSize())
                .u32("llama.rope.dimension_count", headDim);
        int[] tokenTypes = new int[vocabulary.tokens().size()];
        for (int i = 0; i < tokenTypes.length; i++) {
            tokenTypes[i] = vocabulary.isSpecial(i) ? TOKEN_CONTROL : TOKEN_NORMAL;
        }
        m.string("tokenizer.ggml.model", "gpt2")
                .string("tokenizer.ggml.pre", "llama-bpe")
                .strings("tokenizer.ggml.tokens", vocabulary.tokens())
                .int32s("tokenizer.ggml.token_type", tokenTypes)
                .strings("tokenizer.ggml.merges", vocabulary.merges())
                .u32("tokenizer.ggml.bos_token_id", vocabulary.bos())
                .u32("tokenizer.ggml.eos_token_id", vocabulary.endOfTurn())
                .bool("tokenizer.ggml.add_bos_token", true)
                .string("tokenizer.chat_template", HfDirectoryWriter.CHAT_TEMPLATE);
    }

    /**
     * Llama 3's per-frequency rotary divisors, computed as llama.cpp's converter does: wavelengths
     * shorter than the high-frequency bound keep 1, longer than the low-frequency bound take the
     * factor, and the band between is interpolated.
     */
    float[] ropeFactors() {
        ModelShape.Llama3RopeScaling s = shape.ropeScaling();
        int dim = shape.headDim();
        double lowWavelength = s.originalMaxPositions() / s.lowFreqFactor();
        double highWavelength = s.originalMaxPositions() / s.highFreqFactor();
        float[] factors = new float[dim / 2];
        for (int i = 0; i < factors.length; i++) {
            double freq = 1.0 / Math.pow(shape.ropeTheta(), 2.0 * i / dim);
            double wavelength = 2 * Math.PI / freq;
            if (wavelength < highWavelength) {
                factors[i] = 1f;
            } else if (wavelength > lowWavelength) {
                factors[i] = (float) s.factor();
            } else {
                double smooth = (s.originalMaxPositions() / wavelength - s.lowFreqFactor())
                        / (s.highFreqFactor() - s.lowFreqFactor());
                factors[i] = (float) (1 / ((1 - smooth) / s.factor() + smooth));
            }
        }
        return factors;
    }

    private static long align(long v) {
        return (v + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** Writes zeros up to the next alignment after {@code length} bytes; returns how many. */
    private static long pad(TensorStreamer out, long length) throws IOException {
        int padding = (int) (align(length) - length);
        if (padding > 0) {
            out.write(ByteBuffer.allocate(padding));
        }
        return padding;
    }
}
