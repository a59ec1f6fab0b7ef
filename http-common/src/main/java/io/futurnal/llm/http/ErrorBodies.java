package io.futurnal.llm.http;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Short, single-line excerpts of response bodies for error messages. */
public final class ErrorBodies {

    /** The longest excerpt, in characters, before it is cut with an ellipsis. */
    public static final int MAX_EXCERPT = 200;

    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
    private static final Pattern H1 = Pattern.compile("(?is)<h1[^>]*>(.*?)</h1>");
    private static final Pattern SCRIPT_OR_STYLE = Pattern.compile("(?is)<(script|style)[^>]*>.*?</\\1>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private ErrorBodies() {
    }

    /**
     * An excerpt of {@code body} that fits on one line: for HTML its title or first heading (or its
     * text without tags), for anything else the text with white space collapsed; at most
     * {@link #MAX_EXCERPT} characters. An empty body gives {@code (empty body)}.
     */
    public static String excerpt(String body, String contentType) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String text = isHtml(body, contentType) ? htmlText(body) : body;
        return shorten(SPACE.matcher(text).replaceAll(" ").trim());
    }

    /** What replaces a server text that repeats the API key. */
    public static final String WITHHELD = "(the server's message is withheld because it repeats the API key)";

    /**
     * A server's text made safe for a message: withheld entirely when it repeats {@code token}
     * (a proxy may echo the request headers), otherwise without terminal control characters and
     * cut to {@link #MAX_EXCERPT} characters.
     */
    public static String safe(String text, java.util.Optional<BearerToken> token) {
        if (text == null) {
            return "(empty body)";
        }
        if (token.isPresent() && token.get().appearsIn(text)) {
            return WITHHELD;
        }
        return shorten(io.futurnal.llm.spi.Redaction.printable(text));
    }

    /**
     * An {@link #excerpt} of {@code body} made {@link #safe}, with the token looked for in the whole
     * body: a token that straddles the excerpt's cut would otherwise leave its first part behind.
     */
    public static String safeExcerpt(String body, String contentType, java.util.Optional<BearerToken> token) {
        if (body != null && token.isPresent() && token.get().appearsIn(body)) {
            return WITHHELD;
        }
        return safe(excerpt(body, contentType), token);
    }

    /** Whether the body is HTML, by content type or by its first character. */
    public static boolean isHtml(String body, String contentType) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("html")) {
            return true;
        }
        String start = body.stripLeading();
        return start.startsWith("<!") || start.regionMatches(true, 0, "<html", 0, 5);
    }

    /** {@code text} cut to {@link #MAX_EXCERPT} characters with an ellipsis. */
    public static String shorten(String text) {
        if (text.length() <= MAX_EXCERPT) {
            return text;
        }
        int end = MAX_EXCERPT - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private static String htmlText(String html) {
        for (Pattern p : new Pattern[] {TITLE, H1}) {
            Matcher m = p.matcher(html);
            if (m.find()) {
                String t = TAG.matcher(m.group(1)).replaceAll(" ").trim();
                if (!t.isEmpty()) {
                    return "HTML page: " + unescape(t);
                }
            }
        }
        String noScripts = SCRIPT_OR_STYLE.matcher(html).replaceAll(" ");
        return "HTML page: " + unescape(TAG.matcher(noScripts).replaceAll(" "));
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&nbsp;", " ").replace("&amp;", "&");
    }
}
