package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiErrorTest {

    @Test
    void readsTheOpenAiAndCurrentVllmShape() {
        ApiError e = ApiError.parse("{\"error\":{\"message\":\"The model `x` does not exist.\",\"type\":\"NotFoundError\","
                + "\"param\":null,\"code\":404}}").orElseThrow();
        assertEquals("The model `x` does not exist.", e.message());
        assertEquals("NotFoundError", e.type());
        assertEquals(404, e.status().getAsInt());
        assertTrue(e.isModelNotFound());
        assertEquals("The model `x` does not exist. (NotFoundError, 404)", e.describe());
    }

    @Test
    void readsOpenAisStringCodes() {
        ApiError e = ApiError.parse("{\"error\":{\"message\":\"nope\",\"type\":\"invalid_request_error\","
                + "\"code\":\"model_not_found\"}}").orElseThrow();
        assertTrue(e.isModelNotFound());
        assertTrue(e.status().isEmpty());
    }

    @Test
    void readsOlderVllmTheKeyMiddlewareAndFastApi() {
        ApiError old = ApiError.parse("{\"object\":\"error\",\"message\":\"bad\",\"type\":\"BadRequestError\",\"code\":400}")
                .orElseThrow();
        assertEquals("bad", old.message());
        assertEquals(400, old.status().getAsInt());
        assertEquals("Unauthorized", ApiError.parse("{\"error\":\"Unauthorized\"}").orElseThrow().message());
        assertEquals("Not Found", ApiError.parse("{\"detail\":\"Not Found\"}").orElseThrow().message());
        assertFalse(ApiError.parse("{\"detail\":\"Not Found\"}").orElseThrow().isModelNotFound());
    }

    @Test
    void anythingElseIsNotAnApiError() {
        assertTrue(ApiError.parse("<html><title>502 Bad Gateway</title></html>").isEmpty());
        assertTrue(ApiError.parse("").isEmpty());
        assertTrue(ApiError.parse("[1,2]").isEmpty());
        assertTrue(ApiError.parse("{\"ok\":true}").isEmpty());
    }
}
