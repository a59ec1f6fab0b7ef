package io.futurnal.llm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorBodiesTest {

    @Test
    void takesTheTitleOfAnHtmlPage() {
        String nginx = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>";
        assertEquals("HTML page: 502 Bad Gateway", ErrorBodies.excerpt(nginx, "text/html"));
    }

    @Test
    void fallsBackToTheFirstHeadingThenToTheTextWithoutTags() {
        assertEquals("HTML page: Service Unavailable",
                ErrorBodies.excerpt("<html><body><h1>Service <b>Unavailable</b></h1></body></html>", null));
        assertEquals("HTML page: Oops & sorry",
                ErrorBodies.excerpt("<!DOCTYPE html><body><script>var x=1;</script><p>Oops &amp; sorry</p></body>", ""));
    }

    @Test
    void aTokenThatStraddlesTheCutIsWithheldNotHalfShown() {
        String token = "sk-straddling-secret-1234567890";
        String body = "x".repeat(ErrorBodies.MAX_EXCERPT - 20) + " bad key " + token;
        Optional<BearerToken> configured = Optional.of(BearerToken.of(token, "test"));
        assertFalse(ErrorBodies.excerpt(body, "text/plain").contains(token), "the plain excerpt cuts the token");
        assertTrue(ErrorBodies.excerpt(body, "text/plain").contains("sk-"), "and leaves its start behind");
        assertEquals(ErrorBodies.WITHHELD, ErrorBodies.safeExcerpt(body, "text/plain", configured));
        assertEquals("short text", ErrorBodies.safeExcerpt("short \u0007text", null, configured), "other text stays, without controls");
    }

    @Test
    void collapsesWhiteSpaceAndCutsLongBodies() {
        assertEquals("a b c", ErrorBodies.excerpt(" a\n\n b\t c ", "text/plain"));
        String longBody = "z".repeat(1000);
        String excerpt = ErrorBodies.excerpt(longBody, "text/plain");
        assertEquals(ErrorBodies.MAX_EXCERPT, excerpt.length());
        assertTrue(excerpt.endsWith("…"));
        assertEquals("(empty body)", ErrorBodies.excerpt("  ", "application/json"));
    }

    @Test
    void detectsHtmlByTypeOrByFirstCharacters() {
        assertTrue(ErrorBodies.isHtml("oops", "text/html; charset=utf-8"));
        assertTrue(ErrorBodies.isHtml("  <HTML><body>x</body></HTML>", null));
        assertFalse(ErrorBodies.isHtml("{\"error\":\"x\"}", "application/json"));
    }
}
