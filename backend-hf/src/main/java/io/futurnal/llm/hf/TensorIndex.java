package io.futurnal.llm.hf;

import io.futurnal.llm.InvalidModelFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * All tensors of a model directory: one {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}. Only headers are read here. Names that a file's
 * {@code __metadata__} declares as aliases of a stored tensor (the way safetensors' {@code save_model}
 * records a tensor it stored once under two names, e.g. tied embeddings) resolve to that tensor.
 */
final class TensorIndex {

    static final String SINGLE = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";

    /**
     * One safetensors file's header.
     *
     * @param file     the file
     * @param byName   its tensors, in header order
     * @param metadata its {@code __metadata__} strings
     */
    record Shard(Path file, Map<String, TensorInfo> byName, Map<String, String> metadata) {

        Collection<TensorInfo> tensors() {
            return byName.values();
        }
    }

    private final Path directory;
    private final Map<String, TensorInfo> tensors;
    private final Map<Path, Shard> shards;

    private TensorIndex(Path directory, Map<String, TensorInfo> tensors, Map<Path, Shard> shards) {
        this.directory = directory;
        this.tensors = Map.copyOf(tensors);
        this.shards = Map.copyOf(shards);
    }

    /**
     * Reads the weight headers of {@code directory}.
     *
     * @throws InvalidModelFileException when the weights are missing, truncated or inconsistent
     */
    static TensorIndex open(Path directory) {
        Path single = directory.resolve(SINGLE);
        if (Files.isRegularFile(single)) {
            Shard shard = SafetensorsHeader.read(single);
            Map<String, TensorInfo> tensors = new LinkedHashMap<>(shard.byName());
            addAliases(shard, tensors);
            return new TensorIndex(directory, tensors, Map.of(single, shard));
        }
        Path index = directory.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            throw new InvalidModelFileException(directory, "has no " + SINGLE + " and no " + INDEX);
        }
        return sharded(directory, index);
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
        if (!Arrays.equals(info.shape(), shape)) {
            throw new InvalidModelFileException(info.file(), "tensor '" + info.name() + "' has shape "
                    + info.shapeText() + " but config.json implies " + Arrays.toString(shape));
        }
    }

    /** Number of names (stored tensors plus aliases). */
    int size() {
        return tensors.size();
    }

    /** The model directory. */
    Path directory() {
        return directory;
    }

    /** Every weights file with its header. */
    Map<Path, Shard> shards() {
        return shards;
    }

    /** Bytes of tensor data on disk, all files together. */
    long storedBytes() {
        return shards.values().stream().flatMap(s -> s.tensors().stream()).mapToLong(TensorInfo::byteLength).sum();
    }

    private static void addAliases(Shard shard, Map<String, TensorInfo> tensors) {
        shard.metadata().forEach((alias, target) -> {
            TensorInfo stored = shard.byName().get(target);
            if (stored != null && !tensors.containsKey(alias)) {
                tensors.put(alias, stored);
            }
        });
    }

    private static TensorIndex sharded(Path directory, Path index) {
        JsonObject map = JsonObject.read(index).object("weight_map")
                .orElseThrow(() -> new InvalidModelFileException(index, "has no \"weight_map\" object"));
        if (map.fields().isEmpty()) {
            throw new InvalidModelFileException(index, "has an empty \"weight_map\"");
        }
        Map<Path, Shard> shards = new LinkedHashMap<>();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (String tensor : map.fields().keySet()) {
            String shard = map.string(tensor, "");
            if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals("..")
                    || !shard.endsWith(".safetensors")) {
                throw new InvalidModelFileException(index, "tensor '" + tensor + "' maps to '" + shard
                        + "', which is not a .safetensors file name in the model directory");
            }
            Path shardFile = directory.resolve(shard);
            if (!Files.isRegularFile(shardFile)) {
                throw new InvalidModelFileException(shardFile, "the shard listed in " + INDEX + " is missing");
            }
            Shard header = shards.computeIfAbsent(shardFile, SafetensorsHeader::read);
            TensorInfo info = header.byName().get(tensor);
            if (info == null) {
                String target = header.metadata().get(tensor);
                info = target == null ? null : header.byName().get(target);
            }
            if (info == null) {
                throw new InvalidModelFileException(shardFile, "lacks tensor '" + tensor + "' that " + INDEX + " places there");
            }
            tensors.put(tensor, info);
        }
        for (Shard shard : shards.values()) {
            addAliases(shard, tensors);
        }
        return new TensorIndex(directory, tensors, shards);
    }
}
