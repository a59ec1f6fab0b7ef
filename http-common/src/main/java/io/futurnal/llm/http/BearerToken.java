package io.futurnal.llm.http;

import io.futurnal.llm.ConfigurationException;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret sent as {@code Authorization: Bearer <token>}. Its {@link #toString()} never shows the
 * secret, so it is safe to put in logs, exception messages and records' string forms.
 */
public final class BearerToken {

    private final String secret;

    private BearerToken(String secret) {
        this.secret = secret;
    }

    /**
     * A token from a configured value.
     *
     * @param secret the token, without the {@code Bearer } prefix (a prefix is tolerated and dropped)
     * @param source where the value came from, for the error message (never the value itself)
     * @throws ConfigurationException when the value is blank or contains line breaks or spaces
     */
    public static BearerToken of(String secret, String source) {
        Objects.requireNonNull(secret, "secret");
        String s = secret.strip();
        if (s.regionMatches(true, 0, "Bearer", 0, 6) && (s.length() == 6 || Character.isWhitespace(s.charAt(6)))) {
            s = s.substring(6).strip();
        }
        if (s.isEmpty()) {
            throw new ConfigurationException(source + " is set but empty; set it to the API key or unset it");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new ConfigurationException(source + " contains a space, line break or control character;"
                        + " an API key must be one printable word");
            }
        }
        return new BearerToken(s);
    }

    /** A token from the first non-blank value, or empty when all are blank. */
    public static Optional<BearerToken> firstOf(String source, String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return Optional.of(of(c, source));
            }
        }
        return Optional.empty();
    }

    /** The value of the {@code Authorization} header. Do not log it. */
    public String headerValue() {
        return "Bearer " + secret;
    }

    /** Whether {@code text} contains this secret: tests use it to prove the secret leaked nowhere. */
    public boolean appearsIn(CharSequence text) {
        return text != null && text.toString().contains(secret);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BearerToken other && other.secret.equals(secret);
    }

    @Override
    public int hashCode() {
        return secret.hashCode();
    }

    /** Always {@code BearerToken[redacted]}. */
    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
