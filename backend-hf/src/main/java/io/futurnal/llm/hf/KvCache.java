package io.futurnal.llm.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of the tokens seen so far, one pair of arrays per layer, preallocated and grown
 * by doubling. Keys are stored transposed ({@code [kvHeads, headDim, capacity]}) so attention
 * multiplies by a slice without a per-step transpose; values are {@code [kvHeads, capacity, headDim]}.
 * Held in the compute dtype. Owns an NDManager that frees everything on {@link #close()}.
 */
final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final DataType dtype;
    private final LlamaConfig config;
    private final int maxCapacity;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int capacity;
    private int length;

    KvCache(NDManager parent, LlamaConfig config, int initialCapacity, int maxCapacity, DataType dtype) {
        this.manager = parent.newSubManager();
        this.dtype = dtype;
        this.config = config;
        this.maxCapacity = maxCapacity;
        this.keys = new NDArray[config.layers()];
        this.values = new NDArray[config.layers()];
        this.capacity = Math.max(1, Math.min(initialCapacity, maxCapacity));
        for (int i = 0; i < config.layers(); i++) {
            keys[i] = manager.zeros(keyShape(capacity), dtype);
            values[i] = manager.zeros(valueShape(capacity), dtype);
        }
    }

    /** The manager that per-step scratch managers hang off. */
    NDManager manager() {
        return manager;
    }

    /** Tokens cached so far. */
    int length() {
        return length;
    }

    /** Most tokens this cache can ever hold (the context length). */
    int maxCapacity() {
        return maxCapacity;
    }

    /** Makes room for {@code tokens} positions in total, copying what is cached into bigger arrays. */
    void ensureCapacity(int tokens) {
        if (tokens <= capacity) {
            return;
        }
        if (tokens > maxCapacity) {
            throw new IllegalStateException("context of " + maxCapacity + " tokens exceeded");
        }
        int grown = (int) Math.min(maxCapacity, Math.max(tokens, 2L * capacity));
        for (int i = 0; i < keys.length; i++) {
            keys[i] = grow(keys[i], keyShape(grown), new NDIndex().addAllDim(2).addSliceDim(0, length));
            values[i] = grow(values[i], valueShape(grown), new NDIndex().addAllDim().addSliceDim(0, length));
        }
        capacity = grown;
    }

    /** Writes the keys ({@code [kvHeads, headDim, n]}) and values ({@code [kvHeads, n, headDim]}) of n new tokens of {@code layer}. */
    void write(int layer, NDArray newKeys, NDArray newValues, int count) {
        keys[layer].set(new NDIndex().addAllDim(2).addSliceDim(length, length + count), newKeys);
        values[layer].set(new NDIndex().addAllDim().addSliceDim(length, length + count), newValues);
    }

    /** Writes the key and value ({@code [1, kvHeads, headDim]} each) of one new token of {@code layer}. */
    void writeOne(int layer, NDArray newKey, NDArray newValue) {
        // index_put drops the leading 1, so no transpose is needed for a single position
        keys[layer].set(new NDIndex().addAllDim(2).addIndices(length), newKey);
        values[layer].set(new NDIndex().addAllDim().addIndices(length), newValue);
    }

    /** Keys of positions {@code 0 .. end-1} of {@code layer}, as {@code [kvHeads, headDim, end]}, owned by {@code step}. */
    NDArray keys(int layer, int end, NDManager step) {
        return keys[layer].get(step, new NDIndex().addAllDim(2).addSliceDim(0, end));
    }

    /** Values of positions {@code 0 .. end-1} of {@code layer}, as {@code [kvHeads, end, headDim]}, owned by {@code step}. */
    NDArray values(int layer, int end, NDManager step) {
        return values[layer].get(step, new NDIndex().addAllDim().addSliceDim(0, end));
    }

    /** Marks {@code count} more positions as filled. */
    void advance(int count) {
        length += count;
    }

    @Override
    public void close() {
        manager.close();
    }

    private NDArray grow(NDArray old, Shape shape, NDIndex filled) {
        NDArray bigger = manager.zeros(shape, dtype);
        if (length > 0) {
            try (NDArray part = old.get(filled)) {
                bigger.set(filled, part);
            }
        }
        old.close();
        return bigger;
    }

    /** Bytes a cache of {@code positions} takes for {@code config} in {@code dtype}. */
    static long bytes(LlamaConfig config, long positions, DataType dtype) {
        return 2L * config.layers() * config.kvHeads() * config.headDim() * positions * dtype.getNumOfBytes();
    }

    private Shape keyShape(int positions) {
        return new Shape(config.kvHeads(), config.headDim(), positions);
    }

    private Shape valueShape(int positions) {
        return new Shape(config.kvHeads(), positions, config.headDim());
    }
}
