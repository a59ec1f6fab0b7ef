package io.futurnal.llm.llamacpp;

import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and checks the header of a GGUF file: magic, version, metadata, the tensor table, and that
 * every tensor's data lies inside the file; then the metadata llama.cpp's loader trusts (the
 * tokenizer kind, the vocabulary and its special tokens, the hyper-parameters; see
 * {@code GgufModelRules}). A file that passes can be handed to llama.cpp without
 * the native loader meeting a malformed header; one that fails raises an
 * {@link InvalidModelFileException} naming the problem.
 *
 * <p>Results are cached per path, size and modification time, so probing the same file is cheap.
 */
public final class GgufReader {

    private static final int CACHE_LIMIT = 64;

    private static final Map<CacheKey, GgufHeader> CACHE = new ConcurrentHashMap<>();

    private GgufReader() {
    }

    /**
     * Reads and validates the header of {@code path}.
     *
     * @throws InvalidModelFileException when the file is missing, unreadable or not a sound GGUF file
     */
    public static GgufHeader read(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InvalidModelFileException(path, "the file does not exist");
        } catch (IOException e) {
            throw new InvalidModelFileException(path, "cannot read the file's attributes: " + e.getMessage(), e);
        }
        if (attributes.isDirectory()) {
            throw new InvalidModelFileException(path, "is a directory, not a GGUF file");
        }
        CacheKey key = new CacheKey(path.toAbsolutePath().normalize(), attributes.size(),
                attributes.lastModifiedTime().toMillis());
        GgufHeader cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        GgufHeader header = readUncached(path, attributes.size());
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(key, header);
        return header;
    }

    private static GgufHeader readUncached(Path path, long size) {
        if (size == 0) {
            throw new InvalidModelFileException(path, "the file is empty (0 bytes); it is not a GGUF model");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return new GgufParser(path, new GgufInput(path, channel, size), size).run();
        } catch (AccessDeniedException e) {
            throw new InvalidModelFileException(path, "the file cannot be read (permission denied)", e);
        } catch (IOException e) {
            throw new InvalidModelFileException(path, "reading the file failed: " + e.getMessage(), e);
        } catch (ArithmeticException e) {
            throw new InvalidModelFileException(path, "the tensor table describes sizes beyond 2^63 bytes; the file is corrupt", e);
        }
    }

    private record CacheKey(Path path, long size, long modified) {
    }
}
