package io.futurnal.llm.llamacpp;

import de.kherud.llama.args.LogFormat;
import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the llama.cpp native library once per JVM without the bindings' own loader touching the
 * user's files: the library is extracted into a private directory under the cache directory and
 * {@code de.kherud.llama.lib.path} points there, so the loader neither scans nor deletes entries in
 * {@code java.io.tmpdir} nor prints "Extracted ..." to stdout. A user's own build
 * ({@link LlamaCppSettings#LIBRARY}) is loaded from where it is instead. Loading runs on a daemon
 * thread so a probe can wait for it with a deadline.
 */
final class NativeLibrary {

    static final String BINDINGS_VERSION = "4.2.0";

    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
    private static final String LIB_PATH = "de.kherud.llama.lib.path";
    private static final String LOADER_TMP = "de.kherud.llama.tmpdir";
    /** The bindings' library file name on this OS, the only name they load from their library directory. */
    static final String LIBRARY = System.mapLibraryName("jllama");
    private static final Object LOCK = new Object();

    private static CompletableFuture<Void> loading;
    /** The build being loaded or loaded, set with {@link #loading}. */
    private static NativeBuild loadingBuild;
    private static volatile Duration loadTime = Duration.ZERO;

    private NativeLibrary() {
    }

    /**
     * The bindings' folder for this machine, e.g. {@code Linux/x86_64}, named the way the bindings
     * name it (without running {@code uname} as they do).
     *
     * @param os   {@code Linux}, {@code Mac}, {@code Windows}, ...
     * @param arch {@code x86_64}, {@code aarch64}, ...
     */
    record Platform(String os, String arch) {
        String folder() {
            return os + "/" + arch;
        }

        /** Where the library sits inside the bindings jar. */
        String resource() {
            return "/de/kherud/llama/" + folder() + "/" + LIBRARY;
        }
    }

    static Platform platform() {
        String os = System.getProperty("os.name", "");
        String osFolder;
        if (os.contains("Windows")) {
            osFolder = "Windows";
        } else if (os.contains("Mac") || os.contains("Darwin")) {
            osFolder = "Mac";
        } else if (os.contains("Linux")) {
            osFolder = System.getProperty("java.runtime.name", "").toLowerCase(Locale.ROOT).contains("android")
                    ? "Linux-Android" : isMusl() ? "Linux-Musl" : "Linux";
        } else {
            osFolder = os.replaceAll("\\W", "");
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String archFolder = switch (arch) {
            case "x86_64", "amd64", "em64t", "universal" -> "x86_64";
            case "x86", "i386", "i486", "i586", "i686", "pentium" -> "x86";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch.replaceAll("\\W", "");
        };
        return new Platform(osFolder, archFolder);
    }

    /** Whether the bindings jar carries a native library for this machine. */
    static boolean hasLibraryFor(Platform platform) {
        return System.getProperty(LIB_PATH) != null || LogFormat.class.getResource(platform.resource()) != null;
    }

    /**
     * The build this JVM loads: the one already loading if any, else the one {@code customLibrary}
     * asks for, else one that {@code de.kherud.llama.lib.path} names, else the bundled one.
     */
    static NativeBuild build(Optional<Path> customLibrary) {
        synchronized (LOCK) {
            return loadingBuild != null ? loadingBuild : requested(customLibrary);
        }
    }

    /** What {@code backends} and {@code --stats} show: the build of {@link #build} and this CPU's features. */
    static String report(Optional<Path> customLibrary) {
        return build(customLibrary).report(platform(), CpuFeatures.detect());
    }

    /**
     * Starts loading the library in the background (once per JVM) and returns the pending result.
     *
     * @param customLibrary the user's checked library file, empty for the bundled one
     * @throws ConfigurationException when {@code customLibrary} differs from the library this JVM has already loaded
     */
    static CompletableFuture<Void> startLoading(Path cacheDirectory, Optional<Path> customLibrary) {
        synchronized (LOCK) {
            if (loading != null && customLibrary.isPresent() && !loadingBuild.equals(NativeBuild.custom(customLibrary.get()))) {
                // JNI binds a library to the JVM for good: a second one cannot replace it
                throw new ConfigurationException(LlamaCppSettings.LIBRARY.environmentName() + " asks for " + customLibrary.get()
                        + ", but this JVM has already loaded the " + loadingBuild.describe(platform())
                        + "; a JVM loads the llama.cpp library once, so set it before the first llamacpp client");
            }
            if (loading == null) {
                NativeBuild build = requested(customLibrary);
                CompletableFuture<Void> future = new CompletableFuture<>();
                Thread loader = new Thread(() -> {
                    try {
                        load(cacheDirectory, build);
                        future.complete(null);
                    } catch (Throwable t) {
                        future.completeExceptionally(t);
                    }
                }, "futurnal-llamacpp-native-load");
                loader.setDaemon(true);
                loadingBuild = build;
                loading = future;
                loader.start();
            }
            return loading;
        }
    }

    /**
     * Loads the library if needed and waits for it.
     *
     * @throws BackendUnavailableException when it cannot be loaded on this machine
     */
    static void ensureLoaded(Path cacheDirectory, Optional<Path> customLibrary) {
        try {
            startLoading(cacheDirectory, customLibrary).join();
        } catch (CompletionException e) {
            throw new BackendUnavailableException(failureReason(e.getCause()));
        }
    }

    /** A user-facing sentence for a load failure. */
    static String failureReason(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        NativeBuild build;
        synchronized (LOCK) {
            build = loadingBuild;
        }
        if (build != null && !build.isBundled()) {
            return "the llama.cpp native library " + build.customLibrary().get() + " (" + LlamaCppSettings.LIBRARY.environmentName()
                    + ") cannot be loaded on " + platform().folder() + ": " + root.getMessage();
        }
        return "the llama.cpp native library (de.kherud:llama " + BINDINGS_VERSION + ") cannot be loaded on "
                + platform().folder() + ": " + root.getMessage();
    }

    /** How long extracting and loading the library took in this JVM, zero before it has loaded. */
    static Duration loadTime() {
        return loadTime;
    }

    private static NativeBuild requested(Optional<Path> customLibrary) {
        if (customLibrary.isPresent()) {
            return NativeBuild.custom(customLibrary.get());
        }
        String preset = System.getProperty(LIB_PATH);
        return preset == null ? NativeBuild.bundled() : NativeBuild.custom(Path.of(preset).resolve(LIBRARY).toAbsolutePath());
    }

    private static void load(Path cacheDirectory, NativeBuild build) throws IOException {
        long start = System.nanoTime();
        Platform platform = platform();
        Path base = cacheDirectory.resolve("natives").resolve("llamacpp-" + BINDINGS_VERSION);
        if (build.customLibrary().isPresent()) {
            Path library = build.customLibrary().get();
            System.setProperty(LIB_PATH, library.getParent().toString());
            preload(library);
        } else if (System.getProperty(LIB_PATH) == null) {
            URL resource = LogFormat.class.getResource(platform.resource());
            if (resource == null) {
                throw new UnsatisfiedLinkError("de.kherud:llama " + BINDINGS_VERSION + " ships no native library for "
                        + platform.folder() + " (looked for " + platform.resource() + ")");
            }
            Path dir = base.resolve(platform.os() + "-" + platform.arch());
            Files.createDirectories(dir);
            extract(resource, dir.resolve(LIBRARY));
            System.setProperty(LIB_PATH, dir.toString());
        }
        if (System.getProperty(LOADER_TMP) == null) {
            // the bindings' loader deletes llama*/jllama* entries in this directory: give it one of its own
            Path tmp = base.resolve("loader-tmp");
            Files.createDirectories(tmp);
            System.setProperty(LOADER_TMP, tmp.toString());
        }
        initializeBindings(platform);
        loadTime = Duration.ofNanos(System.nanoTime() - start);
        LOG.debug("llama.cpp native library loaded from {} in {} ms", System.getProperty(LIB_PATH), loadTime.toMillis());
    }

    /**
     * Loads the user's library directly, so a file that does not link fails here with the linker's
     * reason. Left to the bindings, a failed load is only printed to stderr and they quietly fall
     * back to the bundled library. The bindings' own load of the same file is then a no-op, as JNI
     * counts a library loaded once per class loader; with the bindings in another class loader the
     * file is left to them.
     */
    private static void preload(Path library) {
        if (LogFormat.class.getClassLoader() == NativeLibrary.class.getClassLoader()) {
            System.load(library.toString());
        }
    }

    private static void initializeBindings(Platform platform) {
        ClassLoader loader = LogFormat.class.getClassLoader();
        if (!platform.os().equals("Mac")) {
            initialize(loader);
            return;
        }
        // on macOS the bindings print their resource folder to stdout while loading; keep stdout clean
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            initialize(loader);
        } finally {
            System.setOut(original);
            if (captured.size() > 0) {
                LOG.debug("llama.cpp loader output: {}", captured.toString(StandardCharsets.UTF_8).trim());
            }
        }
    }

    private static void initialize(ClassLoader loader) {
        try {
            Class.forName("de.kherud.llama.LlamaModel", true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("de.kherud:llama is not on the classpath", e);
        }
    }

    private static void extract(URL resource, Path target) throws IOException {
        Expected expected = expected(resource);
        if (Files.isRegularFile(target) && Files.size(target) == expected.size && crcOf(target) == expected.crc) {
            return;
        }
        Path part = Files.createTempFile(target.getParent(), LIBRARY, ".part");
        try {
            try (InputStream in = resource.openStream(); OutputStream out = Files.newOutputStream(part)) {
                in.transferTo(out);
            }
            if (Files.size(part) != expected.size || crcOf(part) != expected.crc) {
                throw new IOException("the extracted native library at " + part + " does not match the one in the jar");
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private record Expected(long size, long crc) {
    }

    private static Expected expected(URL resource) throws IOException {
        URLConnection connection = resource.openConnection();
        if (connection instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            var entry = jar.getJarEntry();
            jar.getJarFile().close();
            if (entry != null && entry.getSize() >= 0 && entry.getCrc() >= 0) {
                return new Expected(entry.getSize(), entry.getCrc());
            }
        }
        try (CheckedInputStream in = new CheckedInputStream(resource.openStream(), new CRC32())) {
            long size = in.transferTo(OutputStream.nullOutputStream());
            return new Expected(size, in.getChecksum().getValue());
        }
    }

    private static long crcOf(Path file) throws IOException {
        try (CheckedInputStream in = new CheckedInputStream(Files.newInputStream(file), new CRC32())) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.getChecksum().getValue();
        }
    }

    private static boolean isMusl() {
        try (var libs = Files.list(Path.of("/lib"))) {
            return libs.anyMatch(p -> p.getFileName().toString().startsWith("ld-musl-"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
