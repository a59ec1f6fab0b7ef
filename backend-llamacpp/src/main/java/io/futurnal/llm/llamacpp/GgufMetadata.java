package io.futurnal.llm.llamacpp;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The metadata of one GGUF file as {@link GgufParser} read it: every key's GGUF type, the values of
 * scalars and strings, and the element type and length of arrays (whose elements are not kept).
 */
final class GgufMetadata {

    static final int TYPE_U32 = 4;
    static final int TYPE_I32 = 5;
    static final int TYPE_F32 = 6;
    static final int TYPE_STRING = 8;
    static final int TYPE_ARRAY = 9;
    static final int TYPE_U64 = 10;
    static final int TYPE_F64 = 12;
    private static final String[] TYPE_NAMES = {"u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string",
        "array", "u64", "i64", "f64"};

    /** Every value as text, for {@link GgufHeader#metadata()}. */
    final Map<String, String> shown = new HashMap<>();
    private final Map<String, Integer> types = new HashMap<>();
    private final Map<String, Integer> elementTypes = new HashMap<>();
    private final Map<String, Long> integers = new HashMap<>();
    private final Map<String, Double> floats = new HashMap<>();
    private final Map<String, String> strings = new HashMap<>();
    private final Map<String, Boolean> booleans = new HashMap<>();
    private final Map<String, Long> arrayLengths = new HashMap<>();

    static String typeName(int type) {
        return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : "type " + type;
    }

    boolean has(String key) {
        return types.containsKey(key);
    }

    void putInteger(String key, int type, long value) {
        types.put(key, type);
        integers.put(key, value);
        shown.put(key, type == TYPE_U64 ? Long.toUnsignedString(value) : Long.toString(value));
    }

    void putFloat(String key, int type, double value) {
        types.put(key, type);
        floats.put(key, value);
        // An f32 shown as a double would read 1.0E-5 as 9.999999747378752E-6.
        shown.put(key, type == TYPE_F32 ? Float.toString((float) value) : Double.toString(value));
    }

    void putString(String key, String value, String summary) {
        types.put(key, TYPE_STRING);
        strings.put(key, value);
        shown.put(key, summary);
    }

    void putBoolean(String key, int type, boolean value) {
        types.put(key, type);
        booleans.put(key, value);
        shown.put(key, Boolean.toString(value));
    }

    void putArray(String key, int elementType, long length) {
        types.put(key, TYPE_ARRAY);
        elementTypes.put(key, elementType);
        arrayLengths.put(key, length);
        shown.put(key, "[" + length + " x " + typeName(elementType) + "]");
    }

    /** The GGUF type of {@code key}, as for an error message: {@code u32}, {@code [string]}. */
    String describeType(String key) {
        int type = types.get(key);
        return type == TYPE_ARRAY ? "an array of " + typeName(elementTypes.get(key)) : "a " + typeName(type);
    }

    /** The problem of a key of the wrong type, e.g. {@code general.alignment is a u64 (32); it must be a u32}. */
    String typeMismatch(String key, String expected) {
        return key + " is " + describeType(key) + " (" + shown.get(key) + "); it must be " + expected;
    }

    boolean isArrayOf(String key, int elementType) {
        return Integer.valueOf(TYPE_ARRAY).equals(types.get(key)) && Integer.valueOf(elementType).equals(elementTypes.get(key));
    }

    boolean isScalarOfType(String key, int type) {
        return Integer.valueOf(type).equals(types.get(key));
    }

    OptionalLong integer(String key) {
        Long value = integers.get(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    OptionalDouble floating(String key) {
        Double value = floats.get(key);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    Optional<String> string(String key) {
        return Optional.ofNullable(strings.get(key));
    }

    Optional<Boolean> bool(String key) {
        return Optional.ofNullable(booleans.get(key));
    }

    OptionalLong arrayLength(String key) {
        Long value = arrayLengths.get(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    Iterable<String> keys() {
        return types.keySet();
    }
}
