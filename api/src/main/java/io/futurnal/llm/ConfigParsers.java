package io.futurnal.llm;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The parsers behind {@link ConfigKey}'s factories and {@link LlmConfig}'s typed getters: one wording per form. */
final class ConfigParsers {

    private ConfigParsers() {
    }

    static Duration duration(String text, String source) {
        Duration d = LlmConfig.parseDuration(text).orElseThrow(() -> new ConfigurationException(source + " is '" + text
                + "'; use a duration such as 500ms, 30s, 5m, 1h or PT30S"));
        if (d.isNegative()) {
            throw new ConfigurationException(source + " is '" + text + "'; it must not be negative");
        }
        return d;
    }

    static Duration positiveDuration(String text, String source) {
        Duration d = duration(text, source);
        if (d.isZero()) {
            throw new ConfigurationException(source + " is 0; it must be positive");
        }
        return d;
    }

    static boolean bool(String text, String source) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "1": case "on":
                return true;
            case "false": case "no": case "0": case "off":
                return false;
            default:
                throw new ConfigurationException(source + " is '" + text + "'; use true or false");
        }
    }

    static ConfigKey.Parser<Integer> integer(int min, int max) {
        return (text, source) -> {
            try {
                int v = Integer.parseInt(text.trim());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted range
            }
            throw new ConfigurationException(source + " is '" + text + "'; use a whole number from " + min + " to " + max);
        };
    }

    static Path path(String text, String source) {
        String v = text.trim();
        try {
            if (v.equals("~") || v.startsWith("~/")) {
                return Path.of(System.getProperty("user.home") + v.substring(1));
            }
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new ConfigurationException(source + " is '" + v + "', which is not a valid path");
        }
    }

    static URI httpUrl(String text, String source) {
        String v = text.trim();
        if (v.contains("@")) {
            // the value is not repeated: whatever precedes the @ may be a password
            throw new ConfigurationException(source + " holds user information (a name or password before an @), which is not"
                    + " accepted; give the URL alone and the token in the backend's API key setting");
        }
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with an example
        }
        throw new ConfigurationException(source + " is '" + io.futurnal.llm.spi.Redaction.withoutUserInfo(v)
                + "'; use an absolute URL such as http://127.0.0.1:8000/v1");
    }

    /** A duration the way the documentation writes it: {@code 500ms}, {@code 3s}, {@code 5m}, {@code 0}. */
    static String show(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
