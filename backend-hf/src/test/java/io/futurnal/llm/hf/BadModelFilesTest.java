package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.spi.ProbeResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of broken model directory gets a typed error naming the problem, and the JVM carries on. */
@Timeout(60)
class BadModelFilesTest {

    @TempDir
    Path dir;

    @AfterEach
    void jvmStillGenerates() {
        GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).maxTokens(20).build();
        assertTrue(TestModels.shared().generate("Once upon a time", greedy).text().startsWith(", there was"));
    }

    @Test
    void missingConfigIsNamed() throws IOException {
        TestModels.copyAll(dir);
        Files.delete(dir.resolve("config.json"));
        ProbeResult probe = probe();
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("config.json") && probe.reason().contains(dir.toString()), probe.reason());
        assertTrue(createFails(BackendUnavailableException.class).getMessage().contains("config.json"));
    }

    @Test
    void missingWeightsAreNamed() throws IOException {
        TestModels.copyAll(dir);
        Files.delete(dir.resolve("model.safetensors"));
        assertTrue(probe().reason().contains("model.safetensors"), probe().reason());
        createFails(BackendUnavailableException.class);
    }

    @Test
    void unsupportedArchitectureIsNamed() throws IOException {
        TestModels.copyAll(dir);
        editConfig("LlamaForCausalLM", "GPT2LMHeadModel");
        ProbeResult probe = probe();
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("GPT2LMHeadModel"), probe.reason());
        assertTrue(probe.typedProblem().orElseThrow() instanceof InvalidModelFileException, "a typed problem, not mere absence");
        assertTrue(createFails(InvalidModelFileException.class).getMessage().contains("GPT2LMHeadModel"));
    }

    @Test
    void malformedConfigJsonIsReported() throws IOException {
        TestModels.copyAll(dir);
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"LlamaForCausalLM\", ");
        InvalidModelFileException e = createFails(InvalidModelFileException.class);
        assertEquals(dir.resolve("config.json"), e.path());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void malformedTokenizerConfigIsReported() throws IOException {
        TestModels.copyAll(dir);
        Files.writeString(dir.resolve("tokenizer_config.json"), "[1, 2");
        assertEquals(dir.resolve("tokenizer_config.json"), createFails(InvalidModelFileException.class).path());
    }

    @Test
    void configThatDisagreesWithTheWeightsIsReported() throws IOException {
        TestModels.copyAll(dir);
        editConfig("\"intermediate_size\": 172", "\"intermediate_size\": 173");
        InvalidModelFileException e = createFails(InvalidModelFileException.class);
        assertTrue(e.getMessage().contains("gate_proj") && e.getMessage().contains("[172, 64]"), e.getMessage());
    }

    @Test
    void truncatedWeightsAreReported() throws IOException {
        TestModels.copyAll(dir);
        Path weights = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(all, all.length / 2));
        InvalidModelFileException e = createFails(InvalidModelFileException.class);
        assertEquals(weights, e.path());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        ProbeResult probe = probe();
        assertFalse(probe.available(), "the probe reads every header");
        assertTrue(probe.reason().contains("truncated"), probe.reason());
        assertEquals(weights, ((InvalidModelFileException) probe.typedProblem().orElseThrow()).path());
    }

    @Test
    void weightsCutInsideTheHeaderAreReported() throws IOException {
        TestModels.copyAll(dir);
        Path weights = dir.resolve("model.safetensors");
        Files.write(weights, Arrays.copyOf(Files.readAllBytes(weights), 100));
        assertTrue(createFails(InvalidModelFileException.class).getMessage().contains("truncated"));
        Files.write(weights, new byte[] {1, 2, 3});
        assertTrue(createFails(InvalidModelFileException.class).getMessage().contains("too short"));
    }

    @Test
    void absurdHeaderLengthIsReported() throws IOException {
        TestModels.copyAll(dir);
        Path weights = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(weights);
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        Files.write(weights, all);
        assertTrue(createFails(InvalidModelFileException.class).getMessage().contains("header length"));
    }

    @Test
    void malformedHeaderJsonIsReported() throws IOException {
        TestModels.copyAll(dir);
        Path weights = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(weights);
        all[8] = '[';
        Files.write(weights, all);
        assertTrue(createFails(InvalidModelFileException.class).getMessage().contains("JSON"));
    }

    @Test
    void unsupportedDtypeNamesTensorAndDtype() {
        TestModels.copyMetadata(dir);
        Map<String, SafetensorsTestFiles.Tensor> tensors = new LinkedHashMap<>(
                SafetensorsTestFiles.read(TestModels.bundledDirectory().resolve("model.safetensors")));
        SafetensorsTestFiles.Tensor norm = tensors.get("model.norm.weight");
        tensors.put("model.norm.weight", new SafetensorsTestFiles.Tensor("I32", norm.shape(), norm.data()));
        SafetensorsTestFiles.write(dir.resolve("model.safetensors"), tensors);
        InvalidModelFileException e = createFails(InvalidModelFileException.class);
        assertTrue(e.getMessage().contains("model.norm.weight") && e.getMessage().contains("I32"), e.getMessage());
    }

    @Test
    void byteRangeThatDisagreesWithShapeIsReported() {
        TestModels.copyMetadata(dir);
        Map<String, SafetensorsTestFiles.Tensor> tensors = new LinkedHashMap<>(
                SafetensorsTestFiles.read(TestModels.bundledDirectory().resolve("model.safetensors")));
        SafetensorsTestFiles.Tensor norm = tensors.get("model.norm.weight");
        tensors.put("model.norm.weight", new SafetensorsTestFiles.Tensor("F32", new long[] {65}, norm.data()));
        SafetensorsTestFiles.write(dir.resolve("model.safetensors"), tensors);
        InvalidModelFileException e = createFails(InvalidModelFileException.class);
        assertTrue(e.getMessage().contains("model.norm.weight") && e.getMessage().contains("260"), e.getMessage());
    }

    @Test
    void missingTensorIsNamed() {
        TestModels.copyMetadata(dir);
        Map<String, SafetensorsTestFiles.Tensor> tensors = new LinkedHashMap<>(
                SafetensorsTestFiles.read(TestModels.bundledDirectory().resolve("model.safetensors")));
        tensors.remove("model.layers.3.mlp.up_proj.weight");
        SafetensorsTestFiles.write(dir.resolve("model.safetensors"), tensors);
        assertTrue(createFails(InvalidModelFileException.class).getMessage().contains("model.layers.3.mlp.up_proj.weight"));
    }

    @Test
    void missingShardIsNamed() throws IOException {
        TestModels.copyMetadata(dir);
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"model.norm.weight\": \"model-00001-of-00002.safetensors\"}}");
        InvalidModelFileException e = createFails(InvalidModelFileException.class);
        assertEquals(dir.resolve("model-00001-of-00002.safetensors"), e.path());
    }

    @Test
    void shardOutsideTheModelDirectoryIsRefused() throws IOException {
        TestModels.copyMetadata(dir);
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"model.norm.weight\": \"../elsewhere.safetensors\"}}");
        assertTrue(createFails(InvalidModelFileException.class).getMessage().contains("../elsewhere.safetensors"));
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\": 3}");
        assertTrue(createFails(InvalidModelFileException.class).getMessage().contains("weight_map"));
    }

    @Test
    void brokenTokenizerIsReported() throws IOException {
        TestModels.copyAll(dir);
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Nonsense\"}}", StandardCharsets.UTF_8);
        InvalidModelFileException e = createFails(InvalidModelFileException.class);
        assertEquals(dir.resolve("tokenizer.json"), e.path());
    }

    @Test
    void modelDirectoryThatDoesNotExistIsNamed() {
        Path missing = dir.resolve("nowhere");
        ProbeResult probe = new HfProvider().probe(TestModels.config(Map.of(HfSettings.MODEL_DIR.name(), missing.toString())));
        assertFalse(probe.available());
        assertTrue(probe.reason().contains(missing.toString()), probe.reason());
        assertTrue(probe.typedProblem().isEmpty(), "a missing directory is absence, not a typed problem");
    }

    private ProbeResult probe() {
        return new HfProvider().probe(TestModels.config(Map.of(HfSettings.MODEL_DIR.name(), dir.toString())));
    }

    private <T extends LlmException> T createFails(Class<T> type) {
        return assertThrows(type, () -> new HfProvider().create(TestModels.config(Map.of(HfSettings.MODEL_DIR.name(), dir.toString()))));
    }

    private void editConfig(String from, String to) throws IOException {
        Path config = dir.resolve("config.json");
        String text = Files.readString(config);
        assertTrue(text.contains(from));
        Files.writeString(config, text.replace(from, to));
    }
}
