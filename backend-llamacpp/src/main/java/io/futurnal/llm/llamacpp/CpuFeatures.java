package io.futurnal.llm.llamacpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CPU features that decide how fast llama.cpp's CPU kernels can run, as the kernel reports
 * them in {@code /proc/cpuinfo}. Only the features llama.cpp builds are specialised for are kept,
 * in a fixed order, so the text is short and stable.
 *
 * @param flags the relevant features present, in {@link #RELEVANT} order; empty when unknown
 * @param known whether the features could be read at all (false off Linux or without {@code /proc})
 */
record CpuFeatures(List<String> flags, boolean known) {

    /** The features worth reporting, x86_64 first, then aarch64. */
    static final List<String> RELEVANT = List.of(
            "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16",
            "avx_vnni", "amx_tile", "amx_int8", "amx_bf16",
            "neon", "asimd", "asimddp", "sve", "i8mm");

    /** The features that no AVX2-only build uses. */
    private static final Set<String> BEYOND_AVX2 = Set.of("avx512f", "amx_tile", "amx_int8", "amx_bf16");

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** Copies the list so the record stays immutable. */
    CpuFeatures {
        flags = List.copyOf(flags);
    }

    /** The features of this machine's CPU, read once; unknown off Linux. */
    static CpuFeatures detect() {
        return Holder.DETECTED;
    }

    /**
     * Reads the features from the text of {@code /proc/cpuinfo}: the {@code flags} line on x86_64,
     * the {@code Features} line on aarch64. Only the first processor is read: on a machine with
     * mixed cores the kernel reports the features all of them share.
     */
    static CpuFeatures parse(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("flags") || name.equals("features")) {
                Set<String> present = Arrays.stream(line.substring(colon + 1).trim().split("\\s+"))
                        .map(flag -> flag.toLowerCase(Locale.ROOT))
                        // some kernels spell it avx512vnni; report one name
                        .map(flag -> flag.equals("avx512vnni") ? "avx512_vnni" : flag)
                        .collect(Collectors.toCollection(LinkedHashSet::new));
                return new CpuFeatures(RELEVANT.stream().filter(present::contains).toList(), true);
            }
        }
        return new CpuFeatures(List.of(), false);
    }

    /** Whether the CPU has instructions (AVX-512, AMX) an AVX2-only build leaves unused. */
    boolean beyondAvx2() {
        return flags.stream().anyMatch(BEYOND_AVX2::contains);
    }

    /** The features separated by spaces, e.g. {@code avx avx2 fma f16c}, or a word saying they are unknown. */
    String summary() {
        if (!known) {
            return "unknown";
        }
        return flags.isEmpty() ? "none of " + String.join(" ", RELEVANT) : String.join(" ", flags);
    }

    private static final class Holder {
        static final CpuFeatures DETECTED = read();

        private static CpuFeatures read() {
            try {
                return Files.isReadable(CPUINFO) ? parse(Files.readString(CPUINFO)) : new CpuFeatures(List.of(), false);
            } catch (IOException | RuntimeException e) {
                return new CpuFeatures(List.of(), false);
            }
        }
    }
}
