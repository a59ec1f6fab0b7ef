package io.futurnal.llm.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the weights as safetensors: one {@code model.safetensors}, or shards named like
 * Hugging Face's ({@code model-00001-of-00002.safetensors}) with {@code model.safetensors.index.json}
 * when the total is above the shard size.
 */
final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<SyntheticTensor> tensors;
    private final WeightType type;
    private final WeightValues values;
    private final long maxShardBytes;

    SafetensorsWriter(List<SyntheticTensor> tensors, WeightType type, WeightValues values, long maxShardBytes) {
        this.tensors = tensors;
        this.type = type;
        this.values = values;
        this.maxShardBytes = maxShardBytes;
        type.safetensorsDtype();
    }

    /** Writes the file or files into {@code dir}; returns the total bytes of tensor data. */
    long writeTo(Path dir) throws IOException {
        List<List<SyntheticTensor>> shards = shards();
        long total = 0;
        if (shards.size() == 1) {
            return writeShard(dir.resolve("model.safetensors"), shards.get(0));
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (int i = 0; i < shards.size(); i++) {
            String file = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            total += writeShard(dir.resolve(file), shards.get(i));
            shards.get(i).forEach(t -> weightMap.put(t.hfName(), file));
        }
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", total);
        ObjectNode map = index.putObject("weight_map");
        weightMap.forEach(map::put);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);
        return total;
    }

    private List<List<SyntheticTensor>> shards() {
        List<List<SyntheticTensor>> shards = new ArrayList<>();
        List<SyntheticTensor> current = new ArrayList<>();
        long bytes = 0;
        for (SyntheticTensor t : tensors) {
            long size = type.bytes(t.elements());
            if (!current.isEmpty() && bytes + size > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(t);
            bytes += size;
        }
        shards.add(current);
        return shards;
    }

    private long writeShard(Path file, List<SyntheticTensor> shard) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (SyntheticTensor t : shard) {
            long size = type.bytes(t.elements());
            ObjectNode entry = header.putObject(t.hfName());
            entry.put("dtype", type.safetensorsDtype());
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.hfShape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        StringBuilder json = new StringBuilder(JSON.writeValueAsString(header));
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TensorStreamer out = new TensorStreamer(channel, values);
            ByteBuffer preamble = ByteBuffer.allocate(8 + headerBytes.length).order(ByteOrder.LITTLE_ENDIAN);
            preamble.putLong(headerBytes.length).put(headerBytes).flip();
            out.write(preamble);
            for (SyntheticTensor t : shard) {
                out.write(t, type, false);
            }
            out.flush();
        }
        return offset;
    }
}
