package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link ExitChild} in a fresh JVM: after a model has been loaded, used and closed, returning
 * from {@code main} must end the process promptly, stdout must hold only what the program printed,
 * and the native loader must leave {@code java.io.tmpdir} alone.
 */
class JvmExitTest {

    private static final long EXIT_BOUND_SECONDS = 60;
    private static final String EXPECTED = ", there was a little girl\n";

    @TempDir
    Path dir;

    @Test
    void returningFromMainEndsTheJvmWithCleanStdoutAndAnUntouchedTmpdir() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path userFiles = Files.writeString(tmp.resolve("llama-notes.txt"), "mine");
        Path userDir = Files.createDirectories(tmp.resolve("jllama-work"));
        Path cache = dir.resolve("cache");
        Child child = run("return", cache, tmp);
        assertTrue(child.exited, "the JVM did not exit within " + EXIT_BOUND_SECONDS + " s; stderr: " + child.stderr);
        assertEquals(0, child.exitCode, child.stderr);
        assertEquals(EXPECTED, child.stdout, "stdout holds only the generated text");
        assertTrue(Files.exists(userFiles) && Files.isDirectory(userDir), "the loader must not delete llama*/jllama* in java.io.tmpdir");
        try (var entries = Files.list(tmp)) {
            assertEquals(2, entries.count(), "nothing was extracted into java.io.tmpdir");
        }
        Path library = cache.resolve("natives/llamacpp-4.2.0/" + NativeLibrary.platform().os() + "-" + NativeLibrary.platform().arch())
                .resolve(System.mapLibraryName("jllama"));
        assertTrue(Files.isRegularFile(library), "the native library is extracted under the cache directory: " + library);
        assertFalse(child.stderr.contains("llama_model_loader"), "llama.cpp's own log stays off by default: " + child.stderr);
    }

    @Test
    void anUncaughtExceptionInMainStillEndsTheJvmWithStatus1() throws Exception {
        Child child = run("throw", dir.resolve("cache"), Files.createDirectories(dir.resolve("tmp")));
        assertTrue(child.exited, "the JVM did not exit; stderr: " + child.stderr);
        assertEquals(1, child.exitCode, child.stderr);
        assertEquals(EXPECTED, child.stdout);
        assertTrue(child.stderr.contains("a deliberate failure"), child.stderr);
    }

    /**
     * Documents the bindings' behaviour the guard exists for: without it, the JVM keeps running
     * after main returns, because llama.cpp's worker thread stays attached as a non-daemon thread.
     * When a future version of the bindings fixes this, this test fails and the guard can go.
     */
    @Test
    void withoutTheGuardTheBindingsKeepTheJvmAlive() throws Exception {
        Child child = run("no-guard", dir.resolve("cache"), Files.createDirectories(dir.resolve("tmp")), 5);
        assertFalse(child.exited, "the JVM exited on its own; the exit guard may no longer be needed");
        assertEquals(EXPECTED, child.stdout);
    }

    private Child run(String mode, Path cache, Path tmp) throws IOException, InterruptedException {
        return run(mode, cache, tmp, EXIT_BOUND_SECONDS);
    }

    private Child run(String mode, Path cache, Path tmp, long waitSeconds) throws IOException, InterruptedException {
        Path out = dir.resolve(mode + ".out");
        Path err = dir.resolve(mode + ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + tmp, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                ExitChild.class.getName(), mode, cache.toString()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        boolean exited = process.waitFor(waitSeconds, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new Child(exited, exited ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Child(boolean exited, int exitCode, String stdout, String stderr) {
    }
}
