package io.futurnal.llm.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes damaged copies of a model directory for fuzzing: one mutation per copy, chosen from a
 * seed so every run writes the same mutants. Files a mutation leaves alone are hard links to the
 * original (copies where links are unsupported), so a mutant costs little more than its one file.
 */
final class ModelMutator {

    /** What a mutation damages. */
    enum Family {
        /** A config.json value retyped, moved out of range, nested absurdly deep, nulled or removed. */
        CONFIG_VALUE(false),
        /** The 8-byte header length of model.safetensors changed. */
        HEADER_LENGTH(true),
        /** One tensor's data_offsets changed (shifted, reversed, fractional, negative, huge). */
        HEADER_OFFSETS(true),
        /** One tensor's dtype changed to another known or an unknown one. */
        HEADER_DTYPE(true),
        /** One tensor's shape changed (a dimension bumped, added, dropped, huge, negative, fractional). */
        HEADER_SHAPE(true),
        /** Random bytes of the header JSON overwritten. */
        HEADER_BYTES(false),
        /** model.safetensors, config.json or tokenizer.json cut short. */
        TRUNCATION(true),
        /** A vocabulary or added-token id of tokenizer.json changed. */
        TOKENIZER_IDS(false),
        /** An id of generation_config.json changed. */
        GENERATION_IDS(false);

        /** Whether every mutant of this family must be refused (each breaks a rule the loader checks exactly). */
        final boolean alwaysInvalid;

        Family(boolean alwaysInvalid) {
            this.alwaysInvalid = alwaysInvalid;
        }
    }

    /**
     * One written mutant.
     *
     * @param directory   the damaged model directory
     * @param family      what was damaged
     * @param description the change, for failure messages
     */
    record Mutant(Path directory, Family family, String description) {
    }

    /** Stands for a JSON number Jackson cannot write (1e400, -0.0 ...), swapped in after serialising. */
    private static final String RAW = "@raw@";

    private static final String[] FILES = {"config.json", "generation_config.json", "tokenizer.json",
            "tokenizer_config.json", "model.safetensors"};
    private static final String[] DTYPES = {"F64", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL", "F8_E4M3",
            "Q4_0", "f32", "", "FLOAT"};

    /** Bytes that break JSON syntax, numbers or names when written over a header byte. */
    private static final int[] HEADER_BYTES = {'0', '9', '-', '.', '"', ',', '}', ' ', 'x', 0, 0xff};

    private final Path original;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final long headerLength;
    private final ObjectNode header;

    /** A mutator over the model in {@code original}, whose files it reads once. */
    ModelMutator(Path original) {
        this.original = original;
        try {
            for (String name : FILES) {
                files.put(name, Files.readAllBytes(original.resolve(name)));
            }
            byte[] weights = files.get("model.safetensors");
            headerLength = ByteBuffer.wrap(weights).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            header = (ObjectNode) JsonFiles.MAPPER.readTree(Arrays.copyOfRange(weights, 8, 8 + (int) headerLength));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the mutant of {@code seed} into {@code target} (which must not exist). */
    Mutant write(long seed, Path target) {
        Random random = new Random(seed);
        Family family = Family.values()[(int) Math.floorMod(seed, Family.values().length)];
        Map<String, byte[]> changed = new LinkedHashMap<>();
        String description = switch (family) {
            case CONFIG_VALUE -> mutateConfig(random, changed);
            case HEADER_LENGTH -> mutateHeaderLength(random, changed);
            case HEADER_OFFSETS -> mutateTensorEntry(random, changed, "data_offsets");
            case HEADER_DTYPE -> mutateTensorEntry(random, changed, "dtype");
            case HEADER_SHAPE -> mutateTensorEntry(random, changed, "shape");
            case HEADER_BYTES -> mutateHeaderBytes(random, changed);
            case TRUNCATION -> truncate(random, changed);
            case TOKENIZER_IDS -> mutateTokenizer(random, changed);
            case GENERATION_IDS -> mutateGenerationConfig(random, changed);
        };
        try {
            Files.createDirectories(target);
            for (String name : FILES) {
                Path file = target.resolve(name);
                if (changed.containsKey(name)) {
                    Files.write(file, changed.get(name));
                } else {
                    link(original.resolve(name), file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Mutant(target, family, "seed " + seed + ": " + description);
    }

    private static void link(Path source, Path file) throws IOException {
        try {
            Files.createLink(file, source);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(source, file);
        }
    }

    private String mutateConfig(Random random, Map<String, byte[]> changed) {
        ObjectNode config = (ObjectNode) readJson("config.json");
        List<String> keys = new ArrayList<>();
        config.fieldNames().forEachRemaining(keys::add);
        keys.addAll(List.of("sliding_window", "rope_scaling", "dtype"));
        String key = keys.get(random.nextInt(keys.size()));
        JsonNode old = config.get(key);
        double number = old != null && old.isNumber() ? old.asDouble() : 1;
        JsonNode value = switch (random.nextInt(15)) {
            case 0 -> null;
            case 1 -> JsonNodeFactory.instance.textNode(old == null ? "x" : old.asText());
            case 2 -> JsonNodeFactory.instance.numberNode(-number);
            case 3 -> JsonNodeFactory.instance.numberNode(0);
            case 4 -> JsonNodeFactory.instance.numberNode(1e12);
            case 5 -> JsonNodeFactory.instance.numberNode(number + 0.5);
            case 6 -> JsonNodeFactory.instance.nullNode();
            case 7 -> JsonNodeFactory.instance.booleanNode(random.nextBoolean());
            case 8 -> JsonNodeFactory.instance.arrayNode().add(number);
            case 9 -> JsonNodeFactory.instance.numberNode(number * 2);
            case 10 -> JsonNodeFactory.instance.numberNode(Math.floor(number / 2));
            case 11 -> JsonNodeFactory.instance.textNode(RAW + pick(random, "1e400", "-1e400", "NaN", "Infinity", "-0.0"));
            case 13 -> JsonNodeFactory.instance.textNode(RAW + "[".repeat(100_000) + "]".repeat(100_000));
            case 12 -> JsonNodeFactory.instance.objectNode().put("type", pick(random, "linear", "llama3", "yarn", ""))
                    .put("factor", random.nextInt(5) - 1);
            default -> JsonNodeFactory.instance.numberNode(Integer.MAX_VALUE + 1L);
        };
        if (value == null) {
            config.remove(key);
        } else {
            config.set(key, value);
        }
        changed.put("config.json", jsonBytes(config));
        return "config.json " + key + ": " + old + " -> " + (value == null ? "(removed)" : value);
    }

    private String mutateHeaderLength(Random random, Map<String, byte[]> changed) {
        long[] choices = {headerLength + 1, headerLength - 1, headerLength + 8, headerLength - 2, 0, -1,
                Long.MAX_VALUE, headerLength * 2, headerLength + random.nextInt(1000) + 1, random.nextLong()};
        long length = choices[random.nextInt(choices.length)];
        if (length == headerLength) {
            length++;
        }
        byte[] weights = files.get("model.safetensors").clone();
        ByteBuffer.wrap(weights).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
        changed.put("model.safetensors", weights);
        return "header length " + headerLength + " -> " + length;
    }

    private String mutateTensorEntry(Random random, Map<String, byte[]> changed, String field) {
        ObjectNode copy = header.deepCopy();
        List<String> tensors = new ArrayList<>();
        copy.fieldNames().forEachRemaining(n -> {
            if (!n.equals("__metadata__")) {
                tensors.add(n);
            }
        });
        String tensor = tensors.get(random.nextInt(tensors.size()));
        ObjectNode entry = (ObjectNode) copy.get(tensor);
        String before = entry.get(field).toString();
        switch (field) {
            case "data_offsets" -> mutateOffsets(random, entry);
            case "dtype" -> entry.put("dtype", DTYPES[random.nextInt(DTYPES.length)]);
            default -> mutateShape(random, entry);
        }
        changed.put("model.safetensors", withHeader(copy));
        return tensor + " " + field + " " + before + " -> " + entry.get(field);
    }

    private static void mutateOffsets(Random random, ObjectNode entry) {
        ArrayNode offsets = (ArrayNode) entry.get("data_offsets");
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        switch (random.nextInt(8)) {
            case 0 -> out.add(begin + 1).add(end);
            case 1 -> out.add(begin).add(end - 1);
            case 2 -> out.add(begin + 4).add(end + 4);
            case 3 -> out.add(begin - 4).add(end - 4);
            case 4 -> out.add(end).add(begin);
            case 5 -> out.add(begin + 0.5).add(end);
            case 6 -> out.add(begin).add(end + (1L << 40));
            default -> out.add(begin);
        }
        entry.set("data_offsets", out);
    }

    private static void mutateShape(Random random, ObjectNode entry) {
        ArrayNode shape = (ArrayNode) entry.get("shape");
        ArrayNode out = shape.deepCopy();
        int at = random.nextInt(shape.size());
        switch (random.nextInt(7)) {
            case 0 -> out.set(at, shape.get(at).asLong() + 1);
            case 1 -> out.add(1);
            case 2 -> out.remove(at);
            case 3 -> out.set(at, (1L << 40));
            case 4 -> out.set(at, -shape.get(at).asLong());
            case 5 -> out.set(at, shape.get(at).asLong() + 0.5);
            default -> {
                if (shape.size() == 2 && shape.get(0).asLong() != shape.get(1).asLong()) {
                    out.set(0, shape.get(1).asLong());
                    out.set(1, shape.get(0).asLong());
                } else {
                    out.set(at, shape.get(at).asLong() * 2);
                }
            }
        }
        entry.set("shape", out);
    }

    private String mutateHeaderBytes(Random random, Map<String, byte[]> changed) {
        byte[] weights = files.get("model.safetensors").clone();
        int count = 1 + random.nextInt(3);
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int at = 8 + random.nextInt((int) headerLength);
            byte to = (byte) HEADER_BYTES[random.nextInt(HEADER_BYTES.length)];
            where.append(at).append(":'").append((char) weights[at]).append("'->").append(to & 0xff).append(' ');
            weights[at] = to;
        }
        changed.put("model.safetensors", weights);
        return "header bytes " + where;
    }

    private String truncate(Random random, Map<String, byte[]> changed) {
        String name = pick(random, "model.safetensors", "model.safetensors", "config.json", "tokenizer.json");
        byte[] bytes = files.get(name);
        int content = new String(bytes, StandardCharsets.ISO_8859_1).stripTrailing().length();
        // a cut inside the header is as likely as one in the data
        int length = random.nextBoolean() && name.equals("model.safetensors")
                ? random.nextInt(8 + (int) headerLength) : random.nextInt(content);
        changed.put(name, Arrays.copyOf(bytes, length));
        return name + " cut from " + bytes.length + " to " + length + " bytes";
    }

    private String mutateTokenizer(Random random, Map<String, byte[]> changed) {
        ObjectNode tokenizer = (ObjectNode) readJson("tokenizer.json");
        ObjectNode vocab = (ObjectNode) tokenizer.path("model").path("vocab");
        List<String> tokens = new ArrayList<>();
        vocab.fieldNames().forEachRemaining(tokens::add);
        int size = tokens.size();
        JsonNode id = switch (random.nextInt(7)) {
            case 0 -> JsonNodeFactory.instance.numberNode(size);
            case 1 -> JsonNodeFactory.instance.numberNode(size + random.nextInt(100_000));
            case 2 -> JsonNodeFactory.instance.numberNode(-1 - random.nextInt(10));
            case 3 -> JsonNodeFactory.instance.textNode("7");
            case 4 -> JsonNodeFactory.instance.numberNode(random.nextInt(size) + 0.5);
            case 5 -> JsonNodeFactory.instance.numberNode(Long.MAX_VALUE);
            default -> JsonNodeFactory.instance.numberNode(random.nextInt(size));
        };
        String where;
        if (random.nextInt(4) == 0) {
            ArrayNode added = (ArrayNode) tokenizer.get("added_tokens");
            int at = random.nextInt(added.size());
            ((ObjectNode) added.get(at)).set("id", id);
            where = "added_tokens[" + at + "].id";
        } else {
            String token = tokens.get(random.nextInt(size));
            vocab.set(token, id);
            where = "model.vocab[" + token + "]";
        }
        changed.put("tokenizer.json", jsonBytes(tokenizer));
        return "tokenizer.json " + where + " -> " + id;
    }

    private String mutateGenerationConfig(Random random, Map<String, byte[]> changed) {
        ObjectNode generation = (ObjectNode) readJson("generation_config.json");
        String key = random.nextBoolean() ? "eos_token_id" : "bos_token_id";
        JsonNode value = switch (random.nextInt(6)) {
            case 0 -> JsonNodeFactory.instance.numberNode(512);
            case 1 -> JsonNodeFactory.instance.numberNode(-1);
            case 2 -> JsonNodeFactory.instance.arrayNode().add(2).add(100_000);
            case 3 -> JsonNodeFactory.instance.textNode("2");
            case 4 -> JsonNodeFactory.instance.arrayNode().add(2).add(random.nextInt(512));
            default -> JsonNodeFactory.instance.numberNode(random.nextInt(512));
        };
        generation.set(key, value);
        changed.put("generation_config.json", jsonBytes(generation));
        return "generation_config.json " + key + " -> " + value;
    }

    /** The weights with {@code newHeader}, padded to 8 bytes, in front of the original data. */
    private byte[] withHeader(ObjectNode newHeader) {
        StringBuilder json = new StringBuilder(newHeader.toString());
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        byte[] h = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] weights = files.get("model.safetensors");
        int dataStart = 8 + (int) headerLength;
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + weights.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(weights, dataStart, weights.length - dataStart);
        return out.array();
    }

    private JsonNode readJson(String name) {
        try {
            return JsonFiles.MAPPER.readTree(files.get(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jsonBytes(JsonNode node) {
        String text = node.toString().replaceAll("\"" + RAW + "([^\"]*)\"", "$1");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
