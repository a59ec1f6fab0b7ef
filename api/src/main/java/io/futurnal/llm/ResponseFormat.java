package io.futurnal.llm;

import java.util.Objects;

/** What shape the answer must take: free text, any JSON value, or JSON that matches a schema. */
public sealed interface ResponseFormat {

    /** Free text (the default). */
    ResponseFormat TEXT = new Text();

    /** Any well-formed JSON. */
    ResponseFormat JSON = new Json();

    /** JSON that matches the given JSON Schema, passed as its JSON text. */
    static ResponseFormat jsonSchema(String schemaJson) {
        return new JsonSchema(schemaJson);
    }

    /** Free text. */
    record Text() implements ResponseFormat {
    }

    /** Any JSON value. */
    record Json() implements ResponseFormat {
    }

    /**
     * JSON constrained by a schema.
     *
     * @param schema the JSON Schema as JSON text
     */
    record JsonSchema(String schema) implements ResponseFormat {
        /** Rejects a null or blank schema. */
        public JsonSchema {
            Objects.requireNonNull(schema, "schema");
            if (schema.isBlank()) {
                throw new InvalidRequestException("a JSON schema format needs a schema; got an empty string");
            }
        }
    }
}
