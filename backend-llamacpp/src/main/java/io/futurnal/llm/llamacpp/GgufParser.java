package io.futurnal.llm.llamacpp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One pass over a GGUF header for {@link GgufReader}: the preamble, every metadata entry (arrays
 * only counted, except the vocabulary, whose tokens are checked) and the tensor table, checking
 * counts, types, alignment and that the tensor data lies inside the file; then the metadata rules
 * of {@link GgufModelRules}.
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

    private static final int TYPE_STRING = GgufMetadata.TYPE_STRING;
    private static final int TYPE_ARRAY = GgufMetadata.TYPE_ARRAY;
    private static final int[] SCALAR_SIZE = {1, 1, 2, 2, 4, 4, 4, 1, -1, -1, 8, 8, 8};

    private final Path path;
    private final GgufInput in;
    private final long size;
    private final GgufMetadata metadata = new GgufMetadata();

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
        String architecture = metadata.string("general.architecture").orElse(null);
        if (architecture == null || architecture.isBlank()) {
            throw in.invalid("the metadata has no general.architecture, so llama.cpp cannot tell what model this is");
        }
        int alignment = alignment();
        Tensors tensors = readTensors(tensorCount, alignment);
        GgufModelRules.check(metadata, architecture, tensors.embeddingShape, in::invalid);
        String prefix = architecture + ".";
        OptionalLong fileType = metadata.integer("general.file_type");
        return new GgufHeader(path, size, version, architecture, metadata.string("general.name").orElse(null),
                metadata.integer(prefix + "context_length").orElse(0),
                metadata.integer(prefix + "block_count").orElse(0),
                metadata.integer(prefix + "embedding_length").orElse(0),
                tensors.parameters, fileType.isEmpty() ? null : LlamaFileType.name(fileType.getAsLong()),
                tensors.dominantType, tensorCount, tensors.dataOffset, alignment,
                metadata.arrayLength(GgufModelRules.TOKENS).orElse(0),
                metadata.string(GgufModelRules.TOKENIZER_MODEL).orElse(null), addBos(),
                metadata.string("tokenizer.chat_template").orElse(null),
                (int) metadata.integer(prefix + "pooling_type").orElse(-1), metadata.shown);
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

    /** llama.cpp's token types: undefined, normal, unknown, control, user-defined, unused, byte. */
    private static final int MAX_TOKEN_TYPE = 6;

    /** Reads {@code tokenizer.ggml.token_type}: each value must be one of llama.cpp's token types. */
    private void tokenTypes(String key, long length) throws IOException {
        for (long i = 0; i < length; i++) {
            long value = in.i32();
            if (value < 0 || value > MAX_TOKEN_TYPE) {
                throw in.invalid(key + "[" + i + "] is " + value + "; a token type is 0 to " + MAX_TOKEN_TYPE
                        + " (undefined, normal, unknown, control, user-defined, unused, byte)");
            }
        }
    }

    private void readMetadata(long index) throws IOException {
        in.context("the key of metadata entry " + index);
        String key = in.string(MAX_KEY_LENGTH);
        if (metadata.has(key)) {
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
            if (elementType == TYPE_STRING && key.equals(GgufModelRules.TOKENS)) {
                TokenListCheck.read(in, key, length);
            } else if (elementType == TYPE_STRING) {
                for (long i = 0; i < length; i++) {
                    in.skipString();
                }
            } else if (elementType == GgufMetadata.TYPE_I32 && key.equals(GgufModelRules.TOKEN_TYPES)) {
                tokenTypes(key, length);
            } else {
                in.skip(length * minBytes);
            }
            metadata.putArray(key, elementType, length);
            return;
        }
        if (type == TYPE_STRING) {
            String value = in.string(MAX_STRING_LENGTH);
            metadata.putString(key, value, value.length() <= SHOWN_STRING ? value
                    : value.substring(0, SHOWN_STRING) + "... (" + value.length() + " characters)");
            return;
        }
        readScalar(key, type);
    }

    private void readScalar(String key, int type) throws IOException {
        switch (type) {
            case 0 -> metadata.putInteger(key, type, in.u8());
            case 1 -> metadata.putInteger(key, type, (byte) in.u8());
            case 2 -> metadata.putInteger(key, type, in.u16());
            case 3 -> metadata.putInteger(key, type, (short) in.u16());
            case 4 -> metadata.putInteger(key, type, in.u32());
            case 5 -> metadata.putInteger(key, type, (int) in.u32());
            case 10, 11 -> metadata.putInteger(key, type, in.u64());
            case 6 -> metadata.putFloat(key, type, in.f32());
            case 12 -> metadata.putFloat(key, type, in.f64());
            case 7 -> metadata.putBoolean(key, type, in.u8() != 0);
            default -> throw new IllegalStateException("unhandled GGUF type " + type);
        }
    }

    private int valueType(long type, String key) {
        if (type < 0 || type >= SCALAR_SIZE.length) {
            throw in.invalid("the metadata key '" + key + "' has unknown value type " + type + "; the file is corrupt");
        }
        return (int) type;
    }

    private int alignment() {
        String key = "general.alignment";
        if (!metadata.has(key)) {
            return DEFAULT_ALIGNMENT;
        }
        // gguf.cpp reads the alignment with an assertion on its type, which would abort the process.
        if (!metadata.isScalarOfType(key, GgufMetadata.TYPE_U32)) {
            throw in.invalid(metadata.typeMismatch(key, "a u32"));
        }
        long declared = metadata.integer(key).orElseThrow();
        if (declared <= 0 || declared > MAX_ALIGNMENT || Long.bitCount(declared) != 1) {
            throw in.invalid("general.alignment is " + declared + "; it must be a power of two up to " + MAX_ALIGNMENT);
        }
        return (int) declared;
    }

    private boolean addBos() {
        Optional<Boolean> declared = metadata.bool("tokenizer.ggml.add_bos_token");
        if (declared.isPresent()) {
            return declared.get();
        }
        String model = metadata.string(GgufModelRules.TOKENIZER_MODEL).orElse("llama");
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
        long[] embeddingShape = null;
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
            long[] shape = new long[(int) dims];
            for (int d = 0; d < dims; d++) {
                long extent = in.u64();
                shape[d] = extent;
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
            if (name.equals(GgufModelRules.TOKEN_EMBEDDING)) {
                embeddingShape = shape;
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
        return new Tensors(parameters, dataOffset, dominant, embeddingShape);
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

    private record Tensors(long parameters, long dataOffset, String dominantType, long[] embeddingShape) {
    }
}
