package io.futurnal.llm.hf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How much memory this process can still use: the smaller of the kernel's {@code MemAvailable}
 * and the room left under the cgroup's limit (v2 {@code memory.max}, v1
 * {@code memory.limit_in_bytes}), counting reclaimable file cache as room in both.
 */
final class Memory {

    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");

    private Memory() {
    }

    /**
     * What is available and where the figure comes from.
     *
     * @param bytes  bytes this process could still use
     * @param source which limit set {@code bytes}, for messages
     */
    record Available(long bytes, String source) {
    }

    /** The available memory, or empty when the platform tells nothing (then no check is made). */
    static java.util.Optional<Available> available() {
        OptionalLong system = meminfo("MemAvailable");
        Available best = system.isPresent() ? new Available(system.getAsLong(), "available system memory") : null;
        OptionalLong cgroup = cgroupRoom();
        if (cgroup.isPresent() && (best == null || cgroup.getAsLong() < best.bytes())) {
            best = new Available(cgroup.getAsLong(), "room under this process's cgroup memory limit");
        }
        return java.util.Optional.ofNullable(best);
    }

    /** {@code bytes} as gigabytes with one decimal, e.g. {@code 16.1 GB}. */
    static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    private static OptionalLong cgroupRoom() {
        // v2: memory.max / memory.current / memory.stat inactive_file; v1: the memory controller's files
        OptionalLong v2 = room(CGROUP.resolve("memory.max"), CGROUP.resolve("memory.current"), CGROUP.resolve("memory.stat"),
                "inactive_file");
        if (v2.isPresent()) {
            return v2;
        }
        Path v1 = CGROUP.resolve("memory");
        return room(v1.resolve("memory.limit_in_bytes"), v1.resolve("memory.usage_in_bytes"), v1.resolve("memory.stat"),
                "total_inactive_file");
    }

    private static OptionalLong room(Path limitFile, Path usageFile, Path statFile, String reclaimable) {
        OptionalLong limit = number(limitFile);
        OptionalLong usage = number(usageFile);
        // "max" or a near-2^63 value means no limit
        if (limit.isEmpty() || usage.isEmpty() || limit.getAsLong() >= Long.MAX_VALUE / 2) {
            return OptionalLong.empty();
        }
        long cache = field(statFile, reclaimable).orElse(0);
        return OptionalLong.of(Math.max(0, limit.getAsLong() - usage.getAsLong() + cache));
    }

    private static OptionalLong meminfo(String field) {
        OptionalLong kb = field(MEMINFO, field + ":");
        return kb.isPresent() ? OptionalLong.of(kb.getAsLong() * 1024) : kb;
    }

    private static OptionalLong field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length >= 2 && parts[0].equals(name)) {
                    return OptionalLong.of(Long.parseLong(parts[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private static OptionalLong number(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
