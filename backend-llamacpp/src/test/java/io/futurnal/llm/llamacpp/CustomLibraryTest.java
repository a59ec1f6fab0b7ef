package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code FUTURNAL_LLAMACPP_LIBRARY} end to end, each case in a fresh JVM ({@link CustomLibraryChild})
 * because a JVM can load the native library only once: a copy of the bundled library outside the
 * cache loads and generates, and a file that passes the header check but does not link is a typed
 * unavailability naming the file.
 */
class CustomLibraryTest {

    private static final long CHILD_BOUND_SECONDS = 90;

    @TempDir
    Path dir;

    @Test
    void aCopyOfTheBundledLibraryLoadsFromItsOwnPlaceAndGenerates() throws Exception {
        NativeLibrary.Platform here = NativeLibrary.platform();
        Optional<Path> bundled = ModelFiles.copyOfBundledLibrary(
                Files.createDirectories(dir.resolve("my-build")).resolve(LibraryFile.FILE_NAME));
        assumeTrue(bundled.isPresent(), "the bindings ship no native library for " + here.folder());
        Path library = bundled.get();
        Path cache = dir.resolve("cache");
        Child child = run(cache, library.toString());
        assertEquals(0, child.exitCode, child.stdout + child.stderr);
        assertTrue(child.stdout.contains("text: , there was a little girl"), child.stdout + child.stderr);
        assertTrue(child.stdout.contains("detail: native: custom " + library.toAbsolutePath() + "; CPU: "), child.stdout);
        assertTrue(child.stdout.contains("probe: ") && child.stdout.contains("custom " + library.toAbsolutePath()), child.stdout);
        assertTrue(Files.notExists(cache.resolve("natives/llamacpp-4.2.0/" + here.os() + "-" + here.arch())),
                "the bundled library was not extracted: the custom one was used");
    }

    @Test
    void aLibraryThatDoesNotLinkIsUnavailableWithThePathAndTheLinkersReason() throws Exception {
        NativeLibrary.Platform here = NativeLibrary.platform();
        assumeTrue(here.os().equals("Linux") && (here.arch().equals("x86_64") || here.arch().equals("aarch64")),
                "the fake library is an ELF header");
        // a valid header for this machine and nothing after it: the check passes, the dynamic linker refuses it
        ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        header.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
        header.putShort(16, (short) 3);
        header.putShort(18, (short) (here.arch().equals("x86_64") ? 62 : 183));
        Path library = Files.write(Files.createDirectories(dir.resolve("broken")).resolve(LibraryFile.FILE_NAME), header.array());
        Child child = run(dir.resolve("cache"), library.toString());
        assertEquals(3, child.exitCode, child.stdout + child.stderr);
        String line = child.stdout.lines().filter(l -> l.startsWith("unavailable: ")).findFirst()
                .orElseThrow(() -> new AssertionError(child.stdout + child.stderr));
        assertTrue(line.contains(library.toAbsolutePath().toString()) && line.contains(LlamaCppSettings.LIBRARY.environmentName()), line);
        assertTrue(line.contains("cannot be loaded"), line);
    }

    private Child run(Path cache, String library) throws IOException, InterruptedException {
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                CustomLibraryChild.class.getName(), cache.toString(), library))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(CHILD_BOUND_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new Child(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Child(int exitCode, String stdout, String stderr) {
    }
}
