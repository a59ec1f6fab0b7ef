package io.futurnal.llm.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine a run was measured on, printed with every result because the figures mean little
 * without it.
 *
 * @param cpu   the CPU model name ({@code /proc/cpuinfo} on Linux, else the architecture)
 * @param cores processors available to the JVM
 * @param os    operating system name, version and architecture
 * @param runtime Java runtime version and VM
 */
public record MachineInfo(String cpu, int cores, String os, String runtime) {

    /** This machine. */
    public static MachineInfo current() {
        String arch = System.getProperty("os.arch", "?");
        String os = System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "") + " (" + arch + ")";
        String runtime = System.getProperty("java.runtime.version", System.getProperty("java.version", "?"))
                + ", " + System.getProperty("java.vm.name", "?");
        return new MachineInfo(cpuModel().orElse(arch), Runtime.getRuntime().availableProcessors(), os, runtime);
    }

    /** One line: {@code AMD EPYC, 2 cores, Linux 6.1 (amd64), Java 17.0.15+6, OpenJDK 64-Bit Server VM}. */
    public String describe() {
        return cpu + ", " + cores + (cores == 1 ? " core, " : " cores, ") + os + ", Java " + runtime;
    }

    /** Shorter, for chart captions: {@code AMD EPYC, 2 cores, Linux, Java 17.0.15}. */
    public String brief() {
        String version = runtime.split("[+,]", 2)[0];
        String system = os.split(" ", 2)[0];
        return cpu + ", " + cores + (cores == 1 ? " core, " : " cores, ") + system + ", Java " + version;
    }

    private static Optional<String> cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return Optional.empty();
        }
        try {
            return parseCpuModel(Files.readString(info, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The first {@code model name} of a {@code /proc/cpuinfo} text. */
    static Optional<String> parseCpuModel(String cpuinfo) {
        return cpuinfo.lines()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .filter(s -> !s.isEmpty())
                .findFirst();
    }
}
