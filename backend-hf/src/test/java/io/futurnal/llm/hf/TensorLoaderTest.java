package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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

/** Loading tensors: chunked copies, unaligned data, widened half floats. */
class TensorLoaderTest {

    @TempDir
    Path temp;

    @BeforeAll
    static void engine() {
        TestModels.shared();
    }

    @Test
    void chunkedLoadEqualsWholeLoad() {
        TensorInfo embed = TensorIndex.open(TestModels.bundledDirectory()).require("model.embed_tokens.weight", 512, 64);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray whole = TensorLoader.load(embed, manager);
            NDArray chunked = TensorLoader.load(embed, manager, 1000);
            assertEquals(whole.getShape(), chunked.getShape());
            assertArrayEquals(whole.toFloatArray(), chunked.toFloatArray());
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
        Path file = temp.resolve("unaligned.safetensors");
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer all = ByteBuffer.allocate(8 + h.length + 24).order(ByteOrder.LITTLE_ENDIAN);
        all.putLong(h.length).put(h).put(data.array());
        Files.write(file, all.array());
        TensorInfo info = SafetensorsHeader.read(file).get("t");
        assertNotEquals(0, info.fileOffset() % 4);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            assertArrayEquals(values, TensorLoader.load(info, manager).toFloatArray());
        }
    }

    @Test
    void halfFloatTensorsAreWidenedExactly() {
        float[] values = {1f, -2f, 0.333251953125f, 65504f, 0x1p-24f, -0f};
        Map<String, SafetensorsTestFiles.Tensor> tensors = new LinkedHashMap<>();
        ByteBuffer f32 = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            f32.putFloat(v);
        }
        SafetensorsTestFiles.Tensor t = new SafetensorsTestFiles.Tensor("F32", new long[] {values.length}, f32.array());
        tensors.put("h", SafetensorsTestFiles.toF16(t));
        tensors.put("b", SafetensorsTestFiles.toBf16(t));
        Path file = temp.resolve("half.safetensors");
        SafetensorsTestFiles.write(file, tensors);
        Map<String, TensorInfo> infos = SafetensorsHeader.read(file);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            assertArrayEquals(values, TensorLoader.load(infos.get("h"), manager).toFloatArray());
            float[] bf = TensorLoader.load(infos.get("b"), manager).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                assertEquals(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(values[i])), bf[i]);
            }
        }
    }
}
