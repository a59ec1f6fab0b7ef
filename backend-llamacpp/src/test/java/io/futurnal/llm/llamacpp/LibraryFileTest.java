package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.spi.ProbeResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code FUTURNAL_LLAMACPP_LIBRARY} is checked before anything is loaded, and a wrong file names the key. */
class LibraryFileTest {

    private static final String ENV = "FUTURNAL_LLAMACPP_LIBRARY";
    private static final int ET_EXEC = 2;
    private static final int ET_DYN = 3;
    private static final int EM_X86_64 = 62;
    private static final int EM_AARCH64 = 183;

    @TempDir
    Path dir;

    @Test
    void aMissingPathNamesTheKey() {
        ConfigurationException e = rejected(dir.resolve("nowhere").resolve(LibraryFile.FILE_NAME));
        assertTrue(e.getMessage().contains("no such file exists"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutTheLibrarySaysSo() {
        ConfigurationException e = rejected(dir);
        assertTrue(e.getMessage().contains("holds no " + LibraryFile.FILE_NAME), e.getMessage());
    }

    @Test
    void aFileThatIsNotASharedLibraryIsRejected() throws IOException {
        Path text = Files.writeString(dir.resolve(LibraryFile.FILE_NAME), "#!/bin/sh\necho not a library\n");
        ConfigurationException e = rejected(text);
        assertTrue(e.getMessage().contains("not a shared library"), e.getMessage());
    }

    @Test
    void anElfForAnotherArchitectureIsRejected() throws IOException {
        String here = NativeLibrary.platform().arch();
        int other = here.equals("aarch64") ? EM_X86_64 : EM_AARCH64;
        Path elf = Files.write(dir.resolve(LibraryFile.FILE_NAME), elfHeader(ET_DYN, other));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> LibraryFile.check(elf.toString(), "environment variable " + ENV, linux(here)));
        assertTrue(e.getMessage().contains(ENV), e.getMessage());
        assertTrue(e.getMessage().contains("built for " + (other == EM_X86_64 ? "x86_64" : "aarch64"))
                && e.getMessage().contains("this machine is " + here), e.getMessage());
    }

    @Test
    void anElfProgramRatherThanALibraryIsRejected() throws IOException {
        Path elf = Files.write(dir.resolve(LibraryFile.FILE_NAME), elfHeader(ET_EXEC, EM_X86_64));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> LibraryFile.check(elf.toString(), ENV, linux("x86_64")));
        assertTrue(e.getMessage().contains("not a shared library"), e.getMessage());
    }

    @Test
    void aWindowsDllOnLinuxIsRejectedByFormat() throws IOException {
        byte[] pe = new byte[512];
        ByteBuffer b = ByteBuffer.wrap(pe).order(ByteOrder.LITTLE_ENDIAN);
        pe[0] = 'M';
        pe[1] = 'Z';
        b.putInt(0x3C, 0x80);
        pe[0x80] = 'P';
        pe[0x81] = 'E';
        b.putShort(0x84, (short) 0x8664);
        b.putShort(0x80 + 22, (short) 0x2000);
        assertEquals(new LibraryFile.Binary("PE", "x86_64", true), LibraryFile.inspect(pe).orElseThrow());
        Path dll = Files.write(dir.resolve(LibraryFile.FILE_NAME), pe);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> LibraryFile.check(dll.toString(), ENV, linux("x86_64")));
        assertTrue(e.getMessage().contains("is a PE file") && e.getMessage().contains("ELF format"), e.getMessage());
    }

    @Test
    void aMachODylibIsRecognised() {
        byte[] macho = new byte[32];
        ByteBuffer b = ByteBuffer.wrap(macho).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0xFEEDFACF);
        b.putInt(4, 0x0100_000C);
        b.putInt(12, 6);
        assertEquals(new LibraryFile.Binary("Mach-O", "aarch64", true), LibraryFile.inspect(macho).orElseThrow());
    }

    @Test
    void anotherFileNameIsRejectedBecauseTheBindingsWouldNotLoadIt() throws IOException {
        Path renamed = Files.write(dir.resolve("libjllama-avx512.so"), elfHeader(ET_DYN, EM_X86_64));
        ConfigurationException e = rejected(renamed);
        assertTrue(e.getMessage().contains("only a file named " + LibraryFile.FILE_NAME), e.getMessage());
    }

    @Test
    void aSharedLibraryForThisMachineIsAcceptedAsAFileOrAsItsDirectory() throws IOException {
        NativeLibrary.Platform linux = linux("x86_64");
        Path elf = Files.write(dir.resolve(LibraryFile.FILE_NAME), elfHeader(ET_DYN, EM_X86_64));
        assertEquals(elf.toAbsolutePath(), LibraryFile.check(elf.toString(), ENV, linux));
        assertEquals(elf.toAbsolutePath(), LibraryFile.check(dir.toString(), ENV, linux));
    }

    @Test
    void theRealBundledLibraryPassesTheCheck() throws IOException {
        Optional<Path> bundled = ModelFiles.copyOfBundledLibrary(dir.resolve(LibraryFile.FILE_NAME));
        if (bundled.isEmpty()) {
            return; // the bindings ship nothing for this machine
        }
        Path copy = bundled.get();
        assertEquals(copy.toAbsolutePath(), LibraryFile.check(copy.toString(), ENV, NativeLibrary.platform()));
    }

    @Test
    void theProbeReportsABadLibraryAsATypedConfigurationProblem() {
        Path missing = dir.resolve(LibraryFile.FILE_NAME);
        LlmConfig config = TestModels.config().environment(Map.of(ENV, missing.toString())).build();
        ProbeResult result = new LlamaCppProvider().probe(config);
        assertFalse(result.available());
        LlmException problem = result.typedProblem().orElseThrow(() -> new AssertionError(result.reason()));
        assertTrue(problem instanceof ConfigurationException, problem.toString());
        assertTrue(problem.getMessage().contains(ENV) && problem.getMessage().contains(missing.toString()), problem.getMessage());
        assertThrows(ConfigurationException.class, () -> new LlamaCppProvider().create(config));
    }

    @Test
    void anotherLibraryAfterTheBundledOneHasLoadedIsATypedConfigurationProblem() throws IOException {
        Optional<Path> bundled = ModelFiles.copyOfBundledLibrary(dir.resolve(LibraryFile.FILE_NAME));
        if (bundled.isEmpty()) {
            return; // the bindings ship nothing for this machine
        }
        Path copy = bundled.get();
        NativeLibrary.ensureLoaded(ModelFiles.cacheDir(), java.util.Optional.empty());
        LlmConfig config = TestModels.config().environment(Map.of(ENV, copy.toString())).build();
        ProbeResult result = new LlamaCppProvider().probe(config);
        LlmException problem = result.typedProblem().orElseThrow(() -> new AssertionError(result.reason()));
        assertTrue(problem instanceof ConfigurationException, problem.toString());
        assertTrue(problem.getMessage().contains("already loaded") && problem.getMessage().contains(copy.toAbsolutePath().toString()),
                problem.getMessage());
    }

    private ConfigurationException rejected(Path library) {
        LlmConfig config = TestModels.config().environment(Map.of(ENV, library.toString())).build();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> LlamaCppSettings.from(config));
        assertTrue(e.getMessage().contains(ENV), "the message names the key: " + e.getMessage());
        assertTrue(e.getMessage().contains(library.toString()), "the message names the path: " + e.getMessage());
        return e;
    }

    private static NativeLibrary.Platform linux(String arch) {
        return new NativeLibrary.Platform("Linux", arch);
    }

    /** The first 64 bytes of a little-endian 64-bit ELF file, enough for the check. */
    private static byte[] elfHeader(int type, int machine) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(16, (short) type);
        b.putShort(18, (short) machine);
        b.putInt(20, 1);
        return b.array();
    }
}
