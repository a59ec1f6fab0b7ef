package io.futurnal.llm.hf;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Float16 copies of BF16 safetensors files in the cache directory, written once and then
 * memory-mapped like the originals. DJL's PyTorch bindings cannot make a bfloat16 tensor, so a
 * BF16 checkpoint runs in float16; converting into a file (rather than into process memory) keeps
 * the weights in file-backed pages that the kernel can drop and that every JVM on the machine shares.
 * A copy mirrors its original byte for byte except that BF16 values become F16, so every tensor
 * keeps its offset. Exact for every BF16 value in float16's normal range; smaller magnitudes
 * round to float16's subnormals.
 */
final class Float16Copies {

    private static final Logger LOG = LoggerFactory.getLogger(Float16Copies.class);
    private static final int BLOCK_BYTES = 8 << 20;

    private final Path directory;

    Float16Copies(Path cacheDirectory) {
        this.directory = cacheDirectory.resolve("hf-float16");
    }

    /**
     * The float16 copy of the safetensors {@code file} whose tensors are {@code tensors}, writing
     * it first when it is missing or stale.
     *
     * @throws ConfigurationException      when a BF16 value lies beyond float16's range
     * @throws BackendUnavailableException when the cache has no room or cannot be written
     */
    Path copyOf(Path file, Collection<TensorInfo> tensors) {
        Path copy;
        try {
            copy = directory.resolve(key(file) + "-" + file.getFileName());
            if (Files.isRegularFile(copy) && Files.size(copy) == Files.size(file)) {
                return copy;
            }
            Files.createDirectories(directory);
            long needed = Files.size(file);
            long free = Files.getFileStore(directory).getUsableSpace();
            if (free < needed) {
                throw new BackendUnavailableException("the hf backend needs " + Memory.gigabytes(needed) + " in "
                        + directory + " for a float16 copy of the BF16 weights " + file + " but only "
                        + Memory.gigabytes(free) + " is free; free some space, point FUTURNAL_LLM_CACHE_DIR elsewhere, or set"
                        + " FUTURNAL_HF_DTYPE=float32 (twice the memory)");
            }
            long start = System.nanoTime();
            Path temp = Files.createTempFile(directory, "converting-", ".tmp");
            try {
                write(file, tensors, temp);
                move(temp, copy);
            } finally {
                Files.deleteIfExists(temp);
            }
            LOG.info("wrote a float16 copy of {} to {} in {} s", file, copy, (System.nanoTime() - start) / 1_000_000_000L);
            return copy;
        } catch (IOException e) {
            throw new BackendUnavailableException("the hf backend cannot write a float16 copy of " + file + " into "
                    + directory + ": " + e.getMessage() + "; check FUTURNAL_LLM_CACHE_DIR");
        }
    }

    private static void write(Path file, Collection<TensorInfo> tensors, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(BLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            long size = in.size();
            long at = 0;
            // the header and non-BF16 tensors are copied; BF16 ranges are rewritten in place in the block
            for (TensorInfo t : tensors.stream().sorted((a, b) -> Long.compare(a.fileOffset(), b.fileOffset())).toList()) {
                copyRange(file, in, out, buffer, at, t.fileOffset(), null);
                copyRange(file, in, out, buffer, t.fileOffset(), t.fileOffset() + t.byteLength(), t.dtype().equals("BF16") ? t : null);
                at = t.fileOffset() + t.byteLength();
            }
            copyRange(file, in, out, buffer, at, size, null);
            out.force(false);
        }
    }

    private static void copyRange(Path file, FileChannel in, FileChannel out, ByteBuffer buffer, long from, long to, TensorInfo bf16)
            throws IOException {
        for (long at = from; at < to; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), to - at));
            while (buffer.hasRemaining()) {
                if (in.read(buffer, at + buffer.position()) < 0) {
                    throw new InvalidModelFileException(file, "ended while being copied");
                }
            }
            buffer.flip();
            if (bf16 != null) {
                toFloat16(buffer, bf16);
            }
            while (buffer.hasRemaining()) {
                out.write(buffer, at + buffer.position());
            }
            at += buffer.limit();
        }
    }

    private static void toFloat16(ByteBuffer block, TensorInfo tensor) {
        int n = block.limit() / 2;
        for (int i = 0; i < n; i++) {
            short bits = block.getShort(2 * i);
            if (HalfFloats.bf16OverflowsF16(bits)) {
                throw new ConfigurationException("tensor '" + tensor.name() + "' of " + tensor.file() + " holds "
                        + HalfFloats.bf16ToFloat(bits) + ", beyond float16's range (65504), so this BF16 model cannot run"
                        + " in float16; set FUTURNAL_HF_DTYPE=float32 (twice the memory) or use the llamacpp backend");
            }
            block.putShort(2 * i, HalfFloats.floatToF16(HalfFloats.bf16ToFloat(bits)));
        }
    }

    private static void move(Path temp, Path copy) throws IOException {
        try {
            Files.move(temp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, copy, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Names the copy after the original's path, size and modification time, so an edited original gets a new copy. */
    private static String key(Path file) throws IOException {
        String identity = file.toRealPath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
