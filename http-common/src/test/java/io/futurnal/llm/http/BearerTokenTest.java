package io.futurnal.llm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    private static final String SECRET = "sk-test-1234567890abcdef";

    @Test
    void neverShowsTheSecretInItsStringFormsOrInSettings() {
        BearerToken token = BearerToken.of(SECRET, "FUTURNAL_TEST_KEY");
        assertEquals("Bearer " + SECRET, token.headerValue());
        assertFalse(token.toString().contains(SECRET));
        LlmConfig config = LlmConfig.builder().environment(Map.of()).systemProperties(Map.of()).build();
        HttpSettings settings = HttpSettings.fromConfig(config, URI.create("http://127.0.0.1:1"), Optional.of(token));
        assertFalse(settings.toString().contains(SECRET), settings.toString());
        assertTrue(token.appearsIn("x Bearer " + SECRET));
    }

    @Test
    void dropsABearerPrefixAndSurroundingSpace() {
        assertEquals("Bearer abc", BearerToken.of("  Bearer abc \n", "k").headerValue());
        assertEquals(BearerToken.of("abc", "k"), BearerToken.of("bearer abc", "k"));
    }

    @Test
    void rejectsEmptyOrMultiWordValuesWithoutEchoingThem() {
        ConfigurationException blank = assertThrows(ConfigurationException.class, () -> BearerToken.of("Bearer ", "MY_KEY"));
        assertTrue(blank.getMessage().contains("MY_KEY"));
        ConfigurationException spaced = assertThrows(ConfigurationException.class, () -> BearerToken.of("secret1 secret2", "MY_KEY"));
        assertFalse(spaced.getMessage().contains("secret1"));
        assertThrows(ConfigurationException.class, () -> BearerToken.of("a\r\nX-Injected: 1", "MY_KEY"));
    }

    @Test
    void firstOfSkipsBlankCandidates() {
        assertEquals(Optional.empty(), BearerToken.firstOf("k", null, " "));
        assertEquals("Bearer two", BearerToken.firstOf("k", "", "two", "three").orElseThrow().headerValue());
    }
}
