package io.futurnal.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesNestedValues() {
        Object v = Json.parse(" {\"a\": [1, -2.5e1, true, false, null], \"b\": {\"c\": \"x\\n\\u00e9\\\"\"}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(Arrays.asList(1.0, -25.0, true, false, null), m.get("a"));
        assertEquals(Map.of("c", "x\n\u00e9\""), m.get("b"));
        assertEquals(List.of(), Json.parse("[]"));
    }

    @Test
    void rejectsMalformedInputWithAPosition() {
        for (String bad : List.of("{", "[1,]", "{\"a\" 1}", "tru", "\"open", "{} x", "{\"a\":\"\u0001\"}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        }
    }
}
