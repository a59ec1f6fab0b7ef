package io.futurnal.llm.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a worker main class in a fresh JVM with this JVM's java binary and class path, so that
 * every backend starts cold and its memory is its own. Settings reach the child as forwarded
 * system properties and the inherited environment.
 */
final class ChildJvm {
    private static final int LOG_LINES = 40;
    private static final List<String> FORWARDED_PREFIXES = List.of(
            "futurnal.", "ollama.", "openai.", "hf.", "llamacpp.", "org.slf4j.", "ai.djl.", "de.kherud.");

    /**
     * What the child left behind.
     *
     * @param resultJson the JSON of its result line, if it printed one
     * @param exitCode   its exit status (-1 when it was killed on timeout)
     * @param timedOut   whether it overran the timeout and was killed
     * @param logTail    its last lines of stderr and stray stdout, for error messages
     */
    record Outcome(Optional<String> resultJson, int exitCode, boolean timedOut, List<String> logTail) {

        /** A one-line reason for a run without a result. */
        String failure(Duration timeout) {
            String why = timedOut ? "timed out after " + timeout.toSeconds() + " s" : "the worker JVM exited with status " + exitCode;
            String last = logTail.isEmpty() ? "" : "; last output: " + logTail.get(logTail.size() - 1);
            return why + " without a result" + last;
        }
    }

    private ChildJvm() {
    }

    /**
     * Starts {@code mainClass} with {@code args}, hands each progress step to {@code onProgress},
     * and waits for it, killing it after {@code timeout}.
     */
    static Outcome run(Class<?> mainClass, List<String> args, Duration timeout, Consumer<String> onProgress) {
        return run(mainClass, List.of(), args, timeout, onProgress);
    }

    /** {@link #run(Class, List, Duration, Consumer)} with more JVM options after the forwarded ones. */
    static Outcome run(Class<?> mainClass, List<String> extraJvmOptions, List<String> args, Duration timeout,
                       Consumer<String> onProgress) {
        return run(System.getProperty("java.class.path"), mainClass, extraJvmOptions, args, timeout, onProgress);
    }

    /** {@link #run(Class, List, List, Duration, Consumer)} on another class path. */
    static Outcome run(String classpath, Class<?> mainClass, List<String> extraJvmOptions, List<String> args, Duration timeout,
                       Consumer<String> onProgress) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions());
        command.addAll(extraJvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass.getName());
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return new Outcome(Optional.empty(), -1, false, List.of("could not start " + command.get(0) + ": " + e.getMessage()));
        }
        Deque<String> log = new ArrayDeque<>();
        AtomicReference<String> result = new AtomicReference<>();
        Thread out = pump(process.getInputStream(), "futurnal-bench-stdout", line -> {
            if (line.startsWith(ChildProtocol.RESULT)) {
                result.set(line.substring(ChildProtocol.RESULT.length()));
            } else if (line.startsWith(ChildProtocol.PROGRESS)) {
                onProgress.accept(line.substring(ChildProtocol.PROGRESS.length()));
            } else {
                remember(log, line);
            }
        });
        Thread err = pump(process.getErrorStream(), "futurnal-bench-stderr", line -> remember(log, line));
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new io.futurnal.llm.CancelledException("the bench was interrupted", e);
        }
        if (!finished) {
            kill(process);
        }
        join(out);
        join(err);
        List<String> tail;
        synchronized (log) {
            tail = List.copyOf(log);
        }
        return new Outcome(Optional.ofNullable(result.get()), finished ? process.exitValue() : -1, !finished, tail);
    }

    static String javaBinary() {
        Path fromHome = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** The parent's heap limit and the system properties backends and logging read. */
    static List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xmx") || arg.startsWith("-Xms")) {
                options.add(arg);
            }
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (FORWARDED_PREFIXES.stream().anyMatch(name::startsWith)) {
                options.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        addIfAbsent(options, "org.slf4j.simpleLogger.logFile", "System.err");
        addIfAbsent(options, "org.slf4j.simpleLogger.defaultLogLevel", "warn");
        options.add("-Djava.awt.headless=true");
        return options;
    }

    private static void addIfAbsent(List<String> options, String key, String value) {
        if (System.getProperty(key) == null) {
            options.add("-D" + key + "=" + value);
        }
    }

    private static Thread pump(InputStream in, String name, Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // the child was killed; what was read is all there is
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void remember(Deque<String> log, String line) {
        synchronized (log) {
            if (log.size() == LOG_LINES) {
                log.removeFirst();
            }
            log.addLast(line);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }
}
