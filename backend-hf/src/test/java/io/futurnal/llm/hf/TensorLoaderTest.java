package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.futurnal.llm.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading tensors: mapped in place, block copies, unaligned data, dtype conversions, float16 copies of BF16. */
class TensorLoaderTest {

    private static final float[] VALUES = {1f, -2f, 0.333251953125f, 65504f, 0x1p-24f, -0f};

    @TempDir
    Path temp;

    @BeforeAll
    static void engine() {
        TestModels.shared();
    }

    @Test
    void storedDtypeIsMappedAndBlockCopiesGiveTheSameValues() {
        TensorIndex index = TensorIndex.open(TestModels.bundledDirectory());
        TensorInfo embed = index.require("model.embed_tokens.weight", 512, 64);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TensorLoader mapped = new TensorLoader(DataType.FLOAT32, null, index);
            NDArray whole = mapped.load(embed, manager);
            assertEquals(embed.byteLength(), mapped.mappedBytes());
            assertEquals(0, mapped.copiedBytes());
            // a float16 target forces the block copy, 1000 bytes at a time
            TensorLoader blocks = new TensorLoader(DataType.FLOAT16, null, index, 1000);
            NDArray copied = blocks.load(embed, manager);
            assertEquals(DataType.FLOAT16, copied.getDataType());
            assertEquals(whole.getShape(), copied.getShape());
            float[] a = whole.toFloatArray();
            float[] b = copied.toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(HalfFloats.f16ToFloat(HalfFloats.floatToF16(a[i])), b[i], "element " + i);
            }
        }
    }

    @Test
    void unalignedF32DataIsCopiedCorrectly() throws IOException {
        float[] values = {1.5f, -2.25f, 3e-8f, 65504f, -0f, 7f};
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        // a header of odd length puts the data at an address that is not a multiple of 4
        String header = "{\"t\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}";
        if ((8 + header.length()) % 4 == 0) {
            header += " ";
        }
        Path file = temp.resolve("model.safetensors");
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer all = ByteBuffer.allocate(8 + h.length + 24).order(ByteOrder.LITTLE_ENDIAN);
        all.putLong(h.length).put(h).put(data.array());
        Files.write(file, all.array());
        TensorIndex index = TensorIndex.open(temp);
        TensorInfo info = index.find("t").orElseThrow();
        assertNotEquals(0, info.fileOffset() % 4);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TensorLoader loader = new TensorLoader(DataType.FLOAT32, null, index);
            assertArrayEquals(values, loader.load(info, manager).toFloatArray());
            assertEquals(0, loader.mappedBytes());
        }
    }

    @Test
    void halfFloatsWidenExactlyToFloat32() {
        TensorIndex index = halfFloatFile(VALUES);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TensorLoader loader = new TensorLoader(DataType.FLOAT32, null, index);
            assertArrayEquals(VALUES, loader.load(index.find("h").orElseThrow(), manager).toFloatArray());
            float[] bf = loader.load(index.find("b").orElseThrow(), manager).toFloatArray();
            for (int i = 0; i < VALUES.length; i++) {
                assertEquals(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(VALUES[i])), bf[i]);
            }
        }
    }

    @Test
    void bf16RunsInFloat16FromAMappedCopyFile() throws IOException {
        float[] values = {1f, -2f, 0.333f, 1000f, 1e-3f, -0f};
        TensorIndex index = halfFloatFile(values);
        Path cache = temp.resolve("cache");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TensorLoader loader = new TensorLoader(DataType.FLOAT16, new Float16Copies(cache), index);
            float[] got = loader.load(index.find("b").orElseThrow(), manager).toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                float bf = HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(values[i]));
                assertEquals(bf, got[i], "BF16 values in float16's normal range convert exactly");
            }
            TensorInfo b = index.find("b").orElseThrow();
            TensorInfo f = index.find("h").orElseThrow();
            assertEquals(values.length, loader.load(f, manager).getShape().size());
            assertEquals(b.byteLength() + f.byteLength(), loader.mappedBytes(), "both tensors are used from mapped files");
            try (var files = Files.list(cache.resolve("hf-float16"))) {
                assertEquals(1, files.count(), "one float16 copy of the one BF16 file");
            }
        }
    }

    @Test
    void bf16BeyondFloat16RangeIsAClearError() {
        TensorIndex index = halfFloatFile(new float[] {1f, 1e6f});
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TensorLoader loader = new TensorLoader(DataType.FLOAT16, new Float16Copies(temp.resolve("cache")), index);
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> loader.load(index.find("b").orElseThrow(), manager));
            assertTrue(e.getMessage().contains("FUTURNAL_HF_DTYPE=float32"), e.getMessage());
        }
    }

    @Test
    void floatToF16RoundsToNearestEven() {
        assertEquals(0x3c00, HalfFloats.floatToF16(1f) & 0xffff);
        assertEquals(0x7bff, HalfFloats.floatToF16(65504f) & 0xffff);
        assertEquals(0x7c00, HalfFloats.floatToF16(65520f) & 0xffff);
        assertEquals(0x0001, HalfFloats.floatToF16(0x1p-24f) & 0xffff);
        assertEquals(0x0000, HalfFloats.floatToF16(0x1p-26f) & 0xffff);
        for (float v : new float[] {0.1f, -3.14159f, 1e-5f, 6e-8f, 12345.678f}) {
            float back = HalfFloats.f16ToFloat(HalfFloats.floatToF16(v));
            assertEquals(SafetensorsTestFiles.floatToF16(v), HalfFloats.floatToF16(v), "value " + v);
            assertTrue(Math.abs(back - v) <= Math.abs(v) * 1e-3 + 0x1p-24f, v + " -> " + back);
        }
    }

    /** A model.safetensors in {@code temp} with the values as F16 ("h") and as BF16 ("b"). */
    private TensorIndex halfFloatFile(float[] values) {
        Map<String, SafetensorsTestFiles.Tensor> tensors = new LinkedHashMap<>();
        ByteBuffer f32 = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            f32.putFloat(v);
        }
        SafetensorsTestFiles.Tensor t = new SafetensorsTestFiles.Tensor("F32", new long[] {values.length}, f32.array());
        tensors.put("h", SafetensorsTestFiles.toF16(t));
        tensors.put("b", SafetensorsTestFiles.toBf16(t));
        SafetensorsTestFiles.write(temp.resolve("model.safetensors"), tensors);
        return TensorIndex.open(temp);
    }
}
