package io.futurnal.llm.llamacpp;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which build of the bindings' native library this JVM uses: the one bundled in the de.kherud jar
 * or the user's own ({@link LlamaCppSettings#LIBRARY}). Decode speed depends on it, since the
 * bundled Linux x86_64 build uses AVX2 at most however new the CPU is.
 *
 * @param customLibrary the user's library file, empty for the bundled one
 */
record NativeBuild(Optional<Path> customLibrary) {

    /** Where the README explains how to build the library for the CPU at hand. */
    static final String BUILD_HINT = "set FUTURNAL_LLAMACPP_LIBRARY to a build for this CPU (README: llama.cpp built for your CPU)";

    /** The library bundled in the bindings jar. */
    static NativeBuild bundled() {
        return new NativeBuild(Optional.empty());
    }

    /** The user's own library file. */
    static NativeBuild custom(Path library) {
        return new NativeBuild(Optional.of(library));
    }

    boolean isBundled() {
        return customLibrary.isEmpty();
    }

    /**
     * {@code bundled de.kherud 4.2.0 build (AVX2)} or {@code custom /path/to/libjllama.so}. The
     * instruction set is named only where it was checked: the Linux x86_64 library in 4.2.0's jar
     * has AVX2 code and no AVX-512 (zmm) instructions.
     */
    String describe(NativeLibrary.Platform platform) {
        return customLibrary.map(path -> "custom " + path).orElseGet(() -> "bundled de.kherud " + NativeLibrary.BINDINGS_VERSION
                + " build" + (bundledIsAvx2Only(platform) ? " (AVX2)" : ""));
    }

    /**
     * The line {@code backends} and {@code --stats} show, e.g. {@code native: bundled de.kherud 4.2.0
     * build (AVX2); CPU: avx avx2 fma f16c avx512f}, with {@link #BUILD_HINT} when the CPU could run
     * faster code than the bundled build has.
     */
    String report(NativeLibrary.Platform platform, CpuFeatures cpu) {
        String line = "native: " + describe(platform) + "; CPU: " + cpu.summary();
        return isBundled() && bundledIsAvx2Only(platform) && cpu.beyondAvx2() ? line + "; " + BUILD_HINT : line;
    }

    private static boolean bundledIsAvx2Only(NativeLibrary.Platform platform) {
        return platform.os().equals("Linux") && platform.arch().equals("x86_64");
    }
}
