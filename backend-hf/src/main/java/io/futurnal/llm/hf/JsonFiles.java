package io.futurnal.llm.hf;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the small JSON files of a model directory, turning every failure into a typed error. */
final class JsonFiles {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFiles() {
    }

    /**
     * Parses {@code file}, which must hold a JSON object.
     *
     * @throws InvalidModelFileException when it is missing, unreadable, not JSON or not an object
     */
    static JsonNode readObject(Path file) {
        return readOptionalObject(file)
                .orElseThrow(() -> new InvalidModelFileException(file, "the file is missing"));
    }

    /** Like {@link #readObject} but empty when the file does not exist. */
    static Optional<JsonNode> readOptionalObject(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidModelFileException(file, "cannot be read: " + e.getMessage(), e);
        }
        return Optional.of(parseObject(file, bytes));
    }

    /** Parses {@code bytes} read from {@code file} as a JSON object. */
    static JsonNode parseObject(Path file, byte[] bytes) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidModelFileException(file, "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidModelFileException(file, "cannot be parsed: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidModelFileException(file, "must hold a JSON object");
        }
        return node;
    }
}
