package io.futurnal.llm.ollama;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.spi.Redaction;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads {@code OLLAMA_HOST} the way Ollama's own client does: {@code host}, {@code host:port},
 * {@code [::1]:port}, {@code :port}, an IP, or {@code http(s)://host[:port][/prefix]}. Without a
 * scheme the port defaults to 11434, with one to the scheme's port; the bare value
 * {@code ollama.com} means {@code https://ollama.com:443}. Unlike Ollama, the unspecified addresses
 * {@code 0.0.0.0} and {@code ::} become loopback so that the URL also connects on systems that
 * refuse them, and an unknown scheme, a malformed host, an unusable port (Ollama silently switches
 * to the default one) or user information in the address is an error instead of a silent guess.
 * Messages never repeat user information: a password in the value stays out of every error.
 */
final class OllamaHost {

    /** The base URL when nothing is configured. */
    static final URI DEFAULT = URI.create("http://127.0.0.1:11434");

    /** The accepted forms, for error messages. */
    static final String FORMS = "host, host:port, [::1]:port, :port, an IP address, http://host[:port][/path]"
            + " or https://host[:port][/path] (default " + DEFAULT + ")";

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");

    private OllamaHost() {
    }

    /**
     * The base URL for {@code raw}.
     *
     * @param source where the value came from, for the message
     * @throws ConfigurationException for an unknown scheme, a malformed host or stray characters;
     *                                the message lists the valid forms
     */
    static URI parse(String raw, String source) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty()) {
            return DEFAULT;
        }
        String scheme = "http";
        String defaultPort = "11434";
        String hostPort = s;
        int sep = s.indexOf("://");
        if (sep >= 0) {
            scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
            hostPort = s.substring(sep + 3);
            if (scheme.equals("http")) {
                defaultPort = "80";
            } else if (scheme.equals("https")) {
                defaultPort = "443";
            } else {
                throw invalid(raw, source, "the scheme '" + scheme + "' is not http or https");
            }
        } else if (s.equals("ollama.com")) {
            return URI.create("https://ollama.com:443");
        }
        if (hostPort.contains("@")) {
            // the value is not repeated: whatever precedes the @ may be a password
            throw new ConfigurationException(source + " holds user information (a name or password before an @), which is not"
                    + " accepted; give the address alone and the token in FUTURNAL_OLLAMA_API_KEY");
        }
        String path = "";
        int slash = hostPort.indexOf('/');
        if (slash >= 0) {
            path = hostPort.substring(slash);
            hostPort = hostPort.substring(0, slash);
        }
        String host;
        String port;
        HostPort split = split(hostPort);
        if (split == null) {
            host = hostPort.isEmpty() ? "127.0.0.1" : unbracket(hostPort);
            port = defaultPort;
        } else {
            host = split.host.isEmpty() ? "127.0.0.1" : split.host;
            port = split.port;
        }
        if (!validPort(port)) {
            throw invalid(raw, source, "the port '" + Redaction.printable(port) + "' is not a number from 1 to 65535");
        }
        host = loopbackForUnspecified(host);
        if (!(HOST_NAME.matcher(host).matches() || (host.contains(":") && IPV6.matcher(host).matches()))) {
            throw invalid(raw, source, "'" + host + "' is not a host name or IP address");
        }
        String authority = (host.contains(":") ? "[" + host + "]" : IDN.toASCII(host)) + ":" + port;
        try {
            return new URI(scheme + "://" + authority + path).normalize();
        } catch (URISyntaxException e) {
            throw invalid(raw, source, e.getReason());
        }
    }

    private record HostPort(String host, String port) {
    }

    /** Go's {@code net.SplitHostPort}, or null when the value has no port. */
    private static HostPort split(String hostPort) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
                return null;
            }
            return new HostPort(hostPort.substring(1, close), hostPort.substring(close + 2));
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.indexOf(':') != colon) {
            return null;
        }
        return new HostPort(hostPort.substring(0, colon), hostPort.substring(colon + 1));
    }

    private static boolean validPort(String port) {
        try {
            int p = Integer.parseInt(port);
            return p >= 1 && p <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String loopbackForUnspecified(String host) {
        if (host.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            return "::1";
        }
        return host;
    }

    private static ConfigurationException invalid(String raw, String source, String problem) {
        return new ConfigurationException(source + " is '" + Redaction.forDisplay(raw) + "', which is not a valid Ollama address: "
                + problem + ". Use one of: " + FORMS);
    }
}
