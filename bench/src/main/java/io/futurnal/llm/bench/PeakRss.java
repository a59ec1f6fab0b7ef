package io.futurnal.llm.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** This process's peak resident set size, from Linux's {@code /proc/self/status}. */
final class PeakRss {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakRss() {
    }

    /** The peak RSS in bytes, or empty where {@code /proc} does not exist (macOS, Windows). */
    static OptionalLong bytes() {
        if (!Files.isReadable(STATUS)) {
            return OptionalLong.empty();
        }
        try {
            return parse(Files.readString(STATUS, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The {@code VmHWM} line of a {@code /proc/<pid>/status} text, in bytes. */
    static OptionalLong parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmHWM:")) {
                String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
                try {
                    long kib = Long.parseLong(parts[0]);
                    return OptionalLong.of(kib * 1024);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
