package io.futurnal.llm.llamacpp;

import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a user's own build of the bindings' native library before the JVM loads it: the path
 * names an existing, readable file called {@code libjllama.so} / {@code jllama.dll} /
 * {@code libjllama.dylib} (or a directory holding one), and its header says it is a shared library
 * in this operating system's format for this machine's architecture. Loading a wrong file would
 * fail with a terse linker message or, worse, crash; this check names the setting and the problem.
 */
final class LibraryFile {

    /** The only file name the bindings load from their library directory. */
    static final String FILE_NAME = NativeLibrary.LIBRARY;

    private static final int PE_HEADER_SEARCH = 4096;

    private static final Map<Integer, String> ELF_MACHINES = Map.of(3, "x86", 62, "x86_64", 40, "arm", 183, "aarch64",
            243, "riscv64", 21, "ppc64");
    private static final Map<Integer, String> MACH_O_CPUS = Map.of(7, "x86", 0x0100_0007, "x86_64", 12, "arm",
            0x0100_000C, "aarch64");
    private static final Map<Integer, String> PE_MACHINES = Map.of(0x14C, "x86", 0x8664, "x86_64", 0xAA64, "aarch64");

    private LibraryFile() {
    }

    /**
     * What a file's first bytes say about it.
     *
     * @param format       {@code ELF}, {@code Mach-O} or {@code PE}
     * @param arch         the architecture in the bindings' naming ({@code x86_64}, {@code aarch64}, ...), or the raw number
     * @param sharedObject whether it is a shared library rather than a program or an object file
     */
    record Binary(String format, String arch, boolean sharedObject) {
    }

    /**
     * The {@link ConfigKey.Parser} of the library setting: resolves a directory to the library file
     * in it and checks the file for this machine.
     *
     * @throws ConfigurationException naming {@code source} and what is wrong with the file
     */
    static Path check(String text, String source) {
        return check(text, source, NativeLibrary.platform());
    }

    static Path check(String text, String source, NativeLibrary.Platform platform) {
        Path given = ConfigKey.pathParser().parse(text, source);
        Path file = Files.isDirectory(given) ? given.resolve(FILE_NAME) : given;
        String where = source + " is '" + given + "'";
        if (!Files.exists(file)) {
            throw new ConfigurationException(where + ", but " + (file.equals(given) ? "no such file exists"
                    : "that directory holds no " + FILE_NAME) + "; point it at your build of " + FILE_NAME + " or its directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(where + ", which is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigurationException(where + ", which this process may not read");
        }
        if (!file.getFileName().toString().equals(FILE_NAME)) {
            // the bindings join their library directory with this one name; any other name would not be loaded
            throw new ConfigurationException(where + ": the bindings load only a file named " + FILE_NAME
                    + "; rename the file or point the setting at a directory holding " + FILE_NAME);
        }
        Optional<Binary> binary = inspect(readHeader(file, where));
        String expectedFormat = formatFor(platform.os());
        if (binary.isEmpty()) {
            throw new ConfigurationException(where + ", which is not a shared library (" + platform.folder() + " needs one in "
                    + expectedFormat + " format)");
        }
        Binary found = binary.get();
        if (!found.format().equals(expectedFormat)) {
            throw new ConfigurationException(where + ", which is a " + found.format() + " file; " + platform.folder()
                    + " needs a shared library in " + expectedFormat + " format");
        }
        if (!found.sharedObject()) {
            throw new ConfigurationException(where + ", which is a " + found.format()
                    + " file but not a shared library (a program or an object file?)");
        }
        if (!found.arch().equals(platform.arch())) {
            throw new ConfigurationException(where + ", which is built for " + found.arch() + ", but this machine is "
                    + platform.arch());
        }
        return file.toAbsolutePath().normalize();
    }

    /**
     * Reads the format, architecture and kind from a file's first bytes; empty when they are not
     * an ELF, Mach-O or PE header. {@code header} holds the first {@value #PE_HEADER_SEARCH} bytes
     * or the whole file if it is shorter.
     */
    static Optional<Binary> inspect(byte[] header) {
        ByteBuffer little = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        if (header.length >= 20 && header[0] == 0x7F && header[1] == 'E' && header[2] == 'L' && header[3] == 'F') {
            ByteBuffer elf = header[5] == 2 ? ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN) : little;
            int type = Short.toUnsignedInt(elf.getShort(16));
            int machine = Short.toUnsignedInt(elf.getShort(18));
            return Optional.of(new Binary("ELF", ELF_MACHINES.getOrDefault(machine, "machine " + machine), type == 3));
        }
        if (header.length >= 16 && (little.getInt(0) == 0xFEEDFACF || little.getInt(0) == 0xFEEDFACE)) {
            int cpu = little.getInt(4);
            int fileType = little.getInt(12);
            // 6 is a dynamic library, 8 a bundle: both load with dlopen
            return Optional.of(new Binary("Mach-O", MACH_O_CPUS.getOrDefault(cpu, "cpu " + cpu), fileType == 6 || fileType == 8));
        }
        if (header.length >= 0x40 && header[0] == 'M' && header[1] == 'Z') {
            int pe = little.getInt(0x3C);
            if (pe >= 0 && pe + 24 <= header.length && header[pe] == 'P' && header[pe + 1] == 'E'
                    && header[pe + 2] == 0 && header[pe + 3] == 0) {
                int machine = Short.toUnsignedInt(little.getShort(pe + 4));
                int characteristics = Short.toUnsignedInt(little.getShort(pe + 22));
                return Optional.of(new Binary("PE", PE_MACHINES.getOrDefault(machine, String.format("machine 0x%x", machine)),
                        (characteristics & 0x2000) != 0));
            }
        }
        return Optional.empty();
    }

    /** The shared-library format of an operating system, in the bindings' folder naming. */
    static String formatFor(String os) {
        return switch (os) {
            case "Mac" -> "Mach-O";
            case "Windows" -> "PE";
            default -> "ELF";
        };
    }

    private static byte[] readHeader(Path file, String where) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(PE_HEADER_SEARCH);
        } catch (IOException e) {
            throw new ConfigurationException(where + ", which cannot be read: " + e.getMessage(), e);
        }
    }
}
