package io.futurnal.llm.benchjmh;

/**
 * Turns on {@code TCP_NODELAY} for the JDK HTTP server the fake servers run on. Left off, Nagle's
 * algorithm and the client's delayed ACK add about 40 ms to every loopback exchange, which would
 * swamp what these benchmarks measure. The JDK reads the property once, when the first server of
 * the JVM is created, so call this before starting one.
 */
final class NoDelay {
    static final String PROPERTY = "sun.net.httpserver.nodelay";

    private NoDelay() {
    }

    static void enable() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
    }
}
