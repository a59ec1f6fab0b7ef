package io.futurnal.llm.spi;

import java.util.regex.Pattern;

/**
 * Makes text safe to show: in error messages, probe reasons, reports and log lines. Backends pass
 * every URL they mention, and every text that came from a server or a file, through here.
 */
public final class Redaction {

    /** {@code scheme://user:password@}: everything between the scheme and the host. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/\\s@?#]*@");

    /** {@code user:password@host} without a scheme (an {@code OLLAMA_HOST} form); needs the colon, so e-mail addresses stay. */
    private static final Pattern BARE_USER_INFO = Pattern.compile("(^|[\\s'\"=(])[^\\s'\"/@():]+:[^\\s'\"/@]*@(?=\\S)");

    /** C0 controls but tab and newline, DEL, and the C1 controls (which include the terminal's CSI). */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F\\x80-\\x9F]");

    /** What replaces user information. */
    public static final String HIDDEN = "***";

    private Redaction() {
    }

    /**
     * {@code text} with the user information of every URL in it replaced by {@value #HIDDEN}:
     * {@code http://user:pw@host:1/x} becomes {@code http://***@host:1/x}.
     */
    public static String withoutUserInfo(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        String hidden = URL_USER_INFO.matcher(text).replaceAll("$1" + HIDDEN + "@");
        return BARE_USER_INFO.matcher(hidden).replaceAll("$1" + HIDDEN + "@");
    }

    /**
     * {@code text} without terminal control characters (escape sequences, carriage returns, bells),
     * for text that came from a server or a file and is about to reach a terminal. Tabs and
     * newlines stay.
     */
    public static String printable(String text) {
        return text == null ? null : CONTROL.matcher(text).replaceAll("");
    }

    /** Both: user information hidden and control characters removed. */
    public static String forDisplay(String text) {
        return printable(withoutUserInfo(text));
    }
}
