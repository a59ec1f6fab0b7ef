package io.futurnal.llm.hf;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.InvalidModelFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * All tensors of a model directory: one {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}. Only headers are read here.
 */
final class TensorIndex {

    static final String SINGLE = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";

    private final Path directory;
    private final Map<String, TensorInfo> tensors;

    private TensorIndex(Path directory, Map<String, TensorInfo> tensors) {
        this.directory = directory;
        this.tensors = Map.copyOf(tensors);
    }

    /**
     * Reads the weight headers of {@code directory}.
     *
     * @throws InvalidModelFileException when the weights are missing, truncated or inconsistent
     */
    static TensorIndex open(Path directory) {
        Path single = directory.resolve(SINGLE);
        if (Files.isRegularFile(single)) {
            return new TensorIndex(directory, SafetensorsHeader.read(single));
        }
        Path index = directory.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            throw new InvalidModelFileException(directory, "has no " + SINGLE + " and no " + INDEX);
        }
        return new TensorIndex(directory, sharded(directory, index));
    }

    /** The tensor called {@code name}, if the model has it. */
    Optional<TensorInfo> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /**
     * The tensor called {@code name} with the given shape.
     *
     * @throws InvalidModelFileException when it is missing or shaped differently
     */
    TensorInfo require(String name, long... shape) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new InvalidModelFileException(directory, "the weights lack tensor '" + name + "'");
        }
        checkShape(info, shape);
        return info;
    }

    /** Checks that {@code info} has {@code shape}. */
    static void checkShape(TensorInfo info, long... shape) {
        if (!java.util.Arrays.equals(info.shape(), shape)) {
            throw new InvalidModelFileException(info.file(), "tensor '" + info.name() + "' has shape "
                    + info.shapeText() + " but config.json implies " + java.util.Arrays.toString(shape));
        }
    }

    /** Number of tensors. */
    int size() {
        return tensors.size();
    }

    private static Map<String, TensorInfo> sharded(Path directory, Path index) {
        JsonNode map = JsonFiles.readObject(index).path("weight_map");
        if (!map.isObject() || map.isEmpty()) {
            throw new InvalidModelFileException(index, "has no \"weight_map\" object");
        }
        Map<String, Map<String, TensorInfo>> shards = new HashMap<>();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
            String tensor = entry.getKey();
            String shard = entry.getValue().asText("");
            if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals("..")
                    || !shard.endsWith(".safetensors")) {
                throw new InvalidModelFileException(index, "tensor '" + tensor + "' maps to '" + shard
                        + "', which is not a .safetensors file name in the model directory");
            }
            Path shardFile = directory.resolve(shard);
            if (!Files.isRegularFile(shardFile)) {
                throw new InvalidModelFileException(shardFile, "the shard listed in " + INDEX + " is missing");
            }
            Map<String, TensorInfo> headers = shards.computeIfAbsent(shard, s -> SafetensorsHeader.read(shardFile));
            TensorInfo info = headers.get(tensor);
            if (info == null) {
                throw new InvalidModelFileException(shardFile, "lacks tensor '" + tensor + "' that " + INDEX + " places there");
            }
            tensors.put(tensor, info);
        }
        return tensors;
    }
}
