package io.futurnal.llm.llamacpp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One pass over a GGUF header for {@link GgufReader}: the preamble, every metadata entry (kept as
 * text, arrays only counted) and the tensor table, checking counts, types, alignment and that the
 * tensor data lies inside the file.
 */
final class GgufParser {

    private static final int MAX_DIMS = 4;
    /** ggml keeps tensor names in 64 bytes including the terminating zero. */
    private static final int MAX_TENSOR_NAME = 63;
    private static final long MAX_KEY_LENGTH = 65_535;
    private static final long MAX_STRING_LENGTH = 16L << 20;
    private static final long MAX_COUNT = 1L << 26;
    private static final int SHOWN_STRING = 200;
    private static final int DEFAULT_ALIGNMENT = 32;
    private static final int MAX_ALIGNMENT = 1 << 16;
    /** Smallest possible tensor-table entry: name length, dimension count, type and offset. */
    private static final int MIN_TENSOR_INFO = 24;
    /** Smallest possible metadata entry: key length, type and a one-byte value. */
    private static final int MIN_METADATA = 13;

    private static final int TYPE_STRING = 8;
    private static final int TYPE_ARRAY = 9;
    private static final int[] SCALAR_SIZE = {1, 1, 2, 2, 4, 4, 4, 1, -1, -1, 8, 8, 8};
    private static final String[] TYPE_NAMES = {"u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string",
        "array", "u64", "i64", "f64"};

    private final Path path;
    private final GgufInput in;
    private final long size;
    private final Map<String, String> shown = new HashMap<>();
    private final Map<String, Long> integers = new HashMap<>();
    private final Map<String, String> strings = new HashMap<>();
    private final Map<String, Boolean> booleans = new HashMap<>();
    private final Map<String, Long> arrayLengths = new HashMap<>();

    GgufParser(Path path, GgufInput in, long size) {
        this.path = path;
        this.in = in;
        this.size = size;
    }

    GgufHeader run() throws IOException {
        int version = readPreamble();
        long tensorCount = count(in.u64(), MIN_TENSOR_INFO, "tensors");
        long metadataCount = count(in.u64(), MIN_METADATA, "metadata entries");
        for (long i = 0; i < metadataCount; i++) {
            readMetadata(i);
        }
        String architecture = strings.get("general.architecture");
        if (architecture == null || architecture.isBlank()) {
            throw in.invalid("the metadata has no general.architecture, so llama.cpp cannot tell what model this is");
        }
        int alignment = alignment();
        Tensors tensors = readTensors(tensorCount, alignment);
        String prefix = architecture + ".";
        Long fileType = integers.get("general.file_type");
        return new GgufHeader(path, size, version, architecture, strings.get("general.name"),
                integers.getOrDefault(prefix + "context_length", 0L),
                integers.getOrDefault(prefix + "block_count", 0L),
                integers.getOrDefault(prefix + "embedding_length", 0L),
                tensors.parameters, fileType == null ? null : LlamaFileType.name(fileType),
                tensors.dominantType, tensorCount, tensors.dataOffset, alignment,
                arrayLengths.getOrDefault("tokenizer.ggml.tokens", 0L),
                strings.get("tokenizer.ggml.model"), addBos(), strings.get("tokenizer.chat_template"),
                integers.getOrDefault(prefix + "pooling_type", -1L).intValue(), shown);
    }

    private int readPreamble() throws IOException {
        if (size < 4) {
            throw in.invalid("the file is only " + size + " bytes long; a GGUF model starts with a 24-byte header");
        }
        in.context("the magic number");
        long magic = in.u32();
        if (magic != 0x46554747L) {
            throw in.invalid("not a GGUF file: " + MagicBytes.describe(path));
        }
        in.context("the header (version and counts)");
        if (size < 24) {
            throw in.truncated();
        }
        long version = in.u32();
        if (version == 1) {
            throw in.invalid("GGUF version 1 is too old for this llama.cpp build; convert the model again with a recent llama.cpp");
        }
        if (version == 0x02000000L || version == 0x03000000L) {
            throw in.invalid("a big-endian GGUF file; this llama.cpp build reads little-endian files only");
        }
        if (version != 2 && version != 3) {
            throw in.invalid("GGUF version " + version + " is not supported (this llama.cpp build reads versions 2 and 3)");
        }
        return (int) version;
    }

    private long count(long claimed, int minBytesEach, String what) {
        long available = in.remaining() / minBytesEach;
        if (claimed < 0 || claimed > available || claimed > MAX_COUNT) {
            throw in.invalid("the header claims " + Long.toUnsignedString(claimed) + " " + what
                    + ", more than a file of " + size + " bytes can hold; the file is truncated or corrupt");
        }
        return claimed;
    }

    private void readMetadata(long index) throws IOException {
        in.context("the key of metadata entry " + index);
        String key = in.string(MAX_KEY_LENGTH);
        if (shown.containsKey(key)) {
            throw in.invalid("the metadata key '" + key + "' appears twice; the file is corrupt");
        }
        in.context("the value of metadata key '" + key + "'");
        int type = valueType(in.u32(), key);
        if (type == TYPE_ARRAY) {
            int elementType = valueType(in.u32(), key);
            if (elementType == TYPE_ARRAY) {
                throw in.invalid("the metadata key '" + key + "' holds nested arrays, which GGUF does not allow");
            }
            long length = in.u64();
            long minBytes = elementType == TYPE_STRING ? 8 : SCALAR_SIZE[elementType];
            if (length < 0 || length > in.remaining() / minBytes) {
                throw in.invalid("the metadata key '" + key + "' claims an array of " + Long.toUnsignedString(length)
                        + " elements, more than the rest of the file can hold; the file is truncated or corrupt");
            }
            if (elementType == TYPE_STRING) {
                for (long i = 0; i < length; i++) {
                    in.skipString();
                }
            } else {
                in.skip(length * minBytes);
            }
            arrayLengths.put(key, length);
            shown.put(key, "[" + length + " x " + TYPE_NAMES[elementType] + "]");
            return;
        }
        if (type == TYPE_STRING) {
            String value = in.string(MAX_STRING_LENGTH);
            strings.put(key, value);
            shown.put(key, value.length() <= SHOWN_STRING ? value
                    : value.substring(0, SHOWN_STRING) + "... (" + value.length() + " characters)");
            return;
        }
        readScalar(key, type);
    }

    private void readScalar(String key, int type) throws IOException {
        switch (type) {
            case 0 -> putInteger(key, in.u8());
            case 1 -> putInteger(key, (byte) in.u8());
            case 2 -> putInteger(key, in.u16());
            case 3 -> putInteger(key, (short) in.u16());
            case 4 -> putInteger(key, in.u32());
            case 5 -> putInteger(key, (int) in.u32());
            case 10, 11 -> putInteger(key, in.u64());
            case 6 -> shown.put(key, Double.toString(in.f32()));
            case 12 -> shown.put(key, Double.toString(in.f64()));
            case 7 -> {
                boolean value = in.u8() != 0;
                booleans.put(key, value);
                shown.put(key, Boolean.toString(value));
            }
            default -> throw new IllegalStateException("unhandled GGUF type " + type);
        }
    }

    private void putInteger(String key, long value) {
        integers.put(key, value);
        shown.put(key, Long.toString(value));
    }

    private int valueType(long type, String key) {
        if (type < 0 || type >= SCALAR_SIZE.length) {
            throw in.invalid("the metadata key '" + key + "' has unknown value type " + type + "; the file is corrupt");
        }
        return (int) type;
    }

    private int alignment() {
        Long declared = integers.get("general.alignment");
        if (declared == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (declared <= 0 || declared > MAX_ALIGNMENT || Long.bitCount(declared) != 1) {
            throw in.invalid("general.alignment is " + declared + "; it must be a power of two up to " + MAX_ALIGNMENT);
        }
        return declared.intValue();
    }

    private boolean addBos() {
        Boolean declared = booleans.get("tokenizer.ggml.add_bos_token");
        if (declared != null) {
            return declared;
        }
        String model = strings.getOrDefault("tokenizer.ggml.model", "llama");
        return model.equals("llama");
    }

    private Tensors readTensors(long count, int alignment) throws IOException {
        if (count == 0) {
            throw in.invalid("the file holds no tensors (a vocabulary-only file?); it cannot generate text");
        }
        Set<String> names = new HashSet<>();
        String[] tensorNames = new String[(int) count];
        long[] offsets = new long[(int) count];
        long[] byteSizes = new long[(int) count];
        Map<GgmlType, Long> weightsByType = new EnumMap<>(GgmlType.class);
        long parameters = 0;
        for (int i = 0; i < count; i++) {
            in.context("entry " + i + " of the tensor table");
            String name = in.string(MAX_TENSOR_NAME);
            if (!names.add(name)) {
                throw in.invalid("the tensor '" + name + "' appears twice; the file is corrupt");
            }
            in.context("the tensor table entry of '" + name + "'");
            long dims = in.u32();
            if (dims > MAX_DIMS) {
                throw in.invalid("the tensor '" + name + "' claims " + dims + " dimensions; ggml allows at most " + MAX_DIMS);
            }
            long elements = 1;
            long rowLength = 1;
            for (int d = 0; d < dims; d++) {
                long extent = in.u64();
                if (extent < 0) {
                    throw in.invalid("the tensor '" + name + "' has a negative or absurd dimension; the file is corrupt");
                }
                if (d == 0) {
                    rowLength = extent;
                }
                elements = Math.multiplyExact(elements, extent);
            }
            long typeId = in.u32();
            GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> in.invalid("the tensor '" + name
                    + "' has data type " + typeId + ", which this llama.cpp build does not know"));
            long bytes = type.bytesFor(elements, rowLength);
            if (bytes < 0) {
                throw in.invalid("the tensor '" + name + "' has rows of " + rowLength + " values, not a multiple of the "
                        + type.blockSize + "-value blocks of type " + type);
            }
            long offset = in.u64();
            if (offset < 0 || offset % alignment != 0) {
                throw in.invalid("the tensor '" + name + "' starts at data offset " + Long.toUnsignedString(offset)
                        + ", which is not a multiple of the alignment " + alignment + "; the file is corrupt");
            }
            tensorNames[i] = name;
            offsets[i] = offset;
            byteSizes[i] = bytes;
            parameters = Math.addExact(parameters, elements);
            if (dims >= 2) {
                weightsByType.merge(type, elements, Long::sum);
            }
        }
        long dataOffset = align(in.position(), alignment);
        checkData(tensorNames, offsets, byteSizes, dataOffset, alignment);
        String dominant = weightsByType.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> e.getKey().name()).orElse("");
        return new Tensors(parameters, dataOffset, dominant);
    }

    private void checkData(String[] names, long[] offsets, long[] byteSizes, long dataOffset, int alignment) {
        if (dataOffset >= size) {
            throw in.invalid("the file has a header but no tensor data: it ends at byte " + size
                    + ", where the data of " + names.length + " tensors should start; it is truncated");
        }
        long available = size - dataOffset;
        long expected = 0;
        for (int i = 0; i < names.length; i++) {
            if (offsets[i] != expected) {
                throw in.invalid("the tensor '" + names[i] + "' starts at data offset " + offsets[i]
                        + " but the tensors before it end at " + expected + "; the tensor table is corrupt");
            }
            long end = Math.addExact(offsets[i], byteSizes[i]);
            if (end > available) {
                throw in.invalid("the file is truncated: the data of tensor '" + names[i] + "' would end at byte "
                        + (dataOffset + end) + ", but the file has only " + size + " bytes");
            }
            expected = align(end, alignment);
        }
    }

    private static long align(long value, int alignment) {
        return Math.addExact(value, alignment - 1) / alignment * alignment;
    }

    private record Tensors(long parameters, long dataOffset, String dominantType) {
    }
}
