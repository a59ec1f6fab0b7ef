package io.futurnal.llm.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.futurnal.llm.InvalidRequestException;

/** The Jackson setup every HTTP backend shares. */
public final class JsonSupport {

    private static final ObjectMapper SHARED = newMapper();

    private JsonSupport() {
    }

    /**
     * A new mapper that ignores unknown response fields (servers add fields over time), leaves
     * {@code null} fields out of requests and never writes dates as numbers.
     */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** A shared mapper configured as {@link #newMapper()}; thread-safe, do not reconfigure it. */
    public static ObjectMapper mapper() {
        return SHARED;
    }

    /**
     * Serialises a request body.
     *
     * @throws InvalidRequestException when the value cannot be written as JSON
     */
    public static byte[] toJsonBytes(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the request cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
