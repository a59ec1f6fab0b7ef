package io.futurnal.llm.cli;

import java.util.Arrays;

/** Sends SLF4J's simple logger to stderr, quiet unless {@code --verbose} is given. */
final class Logging {
    private Logging() {
    }

    static void configure(String[] args) {
        boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("--verbose") || a.equals("-v"));
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "false");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        // DJL warns on every start of a machine without a GPU; it changes nothing for a CPU run
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", verbose ? "debug" : "error");
        // HttpClient's header and wire logs print request headers, bearer tokens included: never shown
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.hc.client5.http.headers", "off");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.hc.client5.http.wire", "off");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
