package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Feeds mutated copies of the bundled stories260K GGUF to the real native loader, each in its own
 * JVM ({@link NativeFuzzChild}), because a crash in llama.cpp takes the whole process with it.
 *
 * <p>Opt-in: runs only in the {@code native-fuzz} Maven profile. System properties:
 * {@code native.fuzz.mutants} (default 500), {@code native.fuzz.seed}, {@code native.fuzz.parallel}
 * (default 2) and {@code native.fuzz.timeout.seconds} (default 60). Mutants that killed the JVM,
 * timed out or wrote to stdout are kept in {@code target/native-fuzz} to reproduce by hand.
 *
 * <p>It asserts that no mutant kills or hangs the JVM and that stdout only ever holds the child's
 * own line. Mutants that changed only metadata and still generated are listed, not failed: some
 * such changes are harmless (a renamed model), others are silently wrong hyper-parameters.
 */
class NativeFuzzIT {

    private static final int MUTANTS = Integer.getInteger("native.fuzz.mutants", 500);
    private static final long SEED = Long.getLong("native.fuzz.seed", 20_261_204L);
    private static final int PARALLEL = Integer.getInteger("native.fuzz.parallel", 2);
    private static final long TIMEOUT_SECONDS = Long.getLong("native.fuzz.timeout.seconds", 60);
    private static final Path WORK = Path.of("target", "native-fuzz").toAbsolutePath();
    private static final List<String> CRASH_MARKERS = List.of("SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "GGML_ASSERT",
            "A fatal error has been detected", "hs_err_pid", "terminate called");

    enum Outcome {
        GENERATED, REJECTED_BEFORE_NATIVE, REJECTED_BY_NATIVE_LOADER, FAILED_IN_GENERATION, UNTYPED_FAILURE,
        OTHER_EXIT, JVM_DEATH, TIMEOUT
    }

    enum Kind {
        METADATA_VALUE(true), METADATA_STRUCTURE(true), TENSOR_INFO(false), TRUNCATION(false);

        final boolean metadata;

        Kind(boolean metadata) {
            this.metadata = metadata;
        }
    }

    @Test
    void noMutantKillsOrHangsTheJvm() throws Exception {
        Files.createDirectories(WORK);
        Path cache = ModelFiles.cacheDir();
        byte[] original = Files.readAllBytes(ModelFiles.stories());
        Layout layout = Layout.parse(original);

        // the unmutated model must generate; this also extracts the native library before children race for it
        Run baseline = runChild(-1, List.of(), original, cache);
        assertEquals(Outcome.GENERATED, baseline.outcome, "the pristine model: " + baseline.stderr);
        assertTrue(baseline.stdoutClean, "stdout of the pristine run: " + baseline.stdout);

        Mutator mutator = new Mutator(layout, original, new Random(SEED));
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        List<Future<Run>> futures = new ArrayList<>();
        for (int i = 0; i < MUTANTS; i++) {
            int index = i;
            List<Mutation> mutations = mutator.next();
            futures.add(pool.submit(() -> runChild(index, mutations, apply(original, mutations), cache)));
        }
        List<Run> runs = new ArrayList<>();
        for (Future<Run> f : futures) {
            runs.add(f.get());
        }
        pool.shutdown();

        String report = report(runs, baseline.answer());
        System.out.println(report);
        Files.writeString(WORK.resolve("report.txt"), report, StandardCharsets.UTF_8);

        List<Run> deaths = only(runs, Outcome.JVM_DEATH);
        List<Run> timeouts = only(runs, Outcome.TIMEOUT);
        List<Run> polluted = runs.stream().filter(r -> !r.stdoutClean).toList();
        assertTrue(deaths.isEmpty(), deaths.size() + " mutants killed the JVM:\n" + describe(deaths));
        assertTrue(timeouts.isEmpty(), timeouts.size() + " mutants hung the JVM:\n" + describe(timeouts));
        assertTrue(polluted.isEmpty(), polluted.size() + " children wrote to stdout beyond their own line:\n" + describe(polluted));
        assertTrue(only(runs, Outcome.OTHER_EXIT).isEmpty(), "unexpected exit statuses:\n" + describe(only(runs, Outcome.OTHER_EXIT)));
    }

    // ---- running a child ------------------------------------------------------------------------

    private static Run runChild(int index, List<Mutation> mutations, byte[] bytes, Path cache) throws IOException, InterruptedException {
        String name = index < 0 ? "pristine" : String.format("mutant-%04d", index);
        Path dir = Files.createDirectories(WORK.resolve(name));
        Path model = Files.write(dir.resolve(name + ".gguf"), bytes);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -c 0 2>/dev/null; exec \"$0\" \"$@\"",
                java, "-Xmx256m", "-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                NativeFuzzChild.class.getName(), model.toString(), cache.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // the launcher sets this too: ggml's abort handler would otherwise run gdb, which prints to stdout
        builder.environment().put("GGML_NO_BACKTRACE", "1");
        Process process = builder.start();
        boolean exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String stdout = Files.readString(out, StandardCharsets.ISO_8859_1);
        String stderr = Files.readString(err, StandardCharsets.ISO_8859_1);
        boolean hsErr;
        try (var files = Files.list(dir)) {
            hsErr = files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err"));
        }
        int status = exited ? process.exitValue() : -1;
        Outcome outcome = classify(exited, status, hsErr, stdout + stderr);
        Run run = new Run(name, mutations, outcome, status, stdoutIsClean(stdout), stdout, tail(stderr));
        boolean keep = outcome == Outcome.JVM_DEATH || outcome == Outcome.TIMEOUT || outcome == Outcome.OTHER_EXIT
                || !run.stdoutClean || index < 0;
        if (!keep) {
            deleteTree(dir);
        } else {
            Files.writeString(dir.resolve("mutations.txt"), describe(List.of(run)), StandardCharsets.UTF_8);
        }
        return run;
    }

    private static Outcome classify(boolean exited, int status, boolean hsErr, String output) {
        if (!exited) {
            return Outcome.TIMEOUT;
        }
        if (status >= 128 || hsErr || CRASH_MARKERS.stream().anyMatch(output::contains)) {
            return Outcome.JVM_DEATH;
        }
        return switch (status) {
            case NativeFuzzChild.GENERATED -> Outcome.GENERATED;
            case NativeFuzzChild.REJECTED_BEFORE_NATIVE -> Outcome.REJECTED_BEFORE_NATIVE;
            case NativeFuzzChild.REJECTED_BY_NATIVE_LOADER -> Outcome.REJECTED_BY_NATIVE_LOADER;
            case NativeFuzzChild.TYPED_FAILURE_IN_GENERATION -> Outcome.FAILED_IN_GENERATION;
            case NativeFuzzChild.UNTYPED_FAILURE_AT_LOAD, NativeFuzzChild.UNTYPED_FAILURE_IN_GENERATION -> Outcome.UNTYPED_FAILURE;
            default -> Outcome.OTHER_EXIT;
        };
    }

    /** Empty (the child died before printing) or exactly the child's one line. */
    private static boolean stdoutIsClean(String stdout) {
        return stdout.isEmpty() || (stdout.startsWith(NativeFuzzChild.STDOUT_PREFIX) && stdout.indexOf('\n') == stdout.length() - 1);
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 600 ? trimmed : "..." + trimmed.substring(trimmed.length() - 600);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    record Run(String name, List<Mutation> mutations, Outcome outcome, int status, boolean stdoutClean, String stdout,
            String stderr) {

        boolean metadataOnly() {
            return mutations.stream().allMatch(m -> m.kind.metadata);
        }

        /** What a generating run answered, as the child printed it; empty for other runs. */
        String answer() {
            int at = stdout.indexOf(NativeFuzzChild.STDOUT_PREFIX + NativeFuzzChild.ANSWER);
            return at < 0 ? "" : stdout.substring(at + NativeFuzzChild.STDOUT_PREFIX.length() + NativeFuzzChild.ANSWER.length()).strip();
        }
    }

    // ---- reporting ------------------------------------------------------------------------------

    private static String report(List<Run> runs, String pristineAnswer) {
        Map<Outcome, int[]> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, new int[2]);
        }
        for (Run r : runs) {
            counts.get(r.outcome)[r.metadataOnly() ? 0 : 1]++;
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format("%nnative fuzz: %d mutants of stories260K, seed %d, %d in parallel, %d s timeout%n",
                runs.size(), SEED, PARALLEL, TIMEOUT_SECONDS));
        s.append(String.format("%-26s %14s %14s %7s%n", "outcome", "metadata-only", "tensors/trunc", "total"));
        for (Outcome o : Outcome.values()) {
            int[] c = counts.get(o);
            s.append(String.format("%-26s %14d %14d %7d%n", o, c[0], c[1], c[0] + c[1]));
        }
        s.append(String.format("%-26s %14d%n", "stdout polluted", runs.stream().filter(r -> !r.stdoutClean).count()));
        Map<Kind, Long> kinds = runs.stream().flatMap(r -> r.mutations.stream())
                .collect(Collectors.groupingBy(m -> m.kind, () -> new EnumMap<>(Kind.class), Collectors.counting()));
        s.append("mutations by kind: ").append(kinds).append('\n');
        List<Run> silent = runs.stream().filter(r -> r.metadataOnly() && r.outcome == Outcome.GENERATED).toList();
        s.append(String.format("%nmetadata-only mutants that still generated (%d), by key:%n", silent.size()));
        Map<String, Long> byKey = silent.stream().flatMap(r -> r.mutations.stream())
                .collect(Collectors.groupingBy(m -> m.target.replaceFirst("\\[\\d+]$", "[i]"), java.util.TreeMap::new,
                        Collectors.counting()));
        byKey.forEach((key, count) -> s.append(String.format("  %-40s %4d%n", key, count)));
        List<Run> changed = silent.stream().filter(r -> !r.answer().equals(pristineAnswer)).toList();
        s.append(String.format("  of which %d gave the pristine model's answer '%s' (the change does not matter to it)"
                + " and %d another answer (marked *):%n", silent.size() - changed.size(), pristineAnswer, changed.size()));
        silent.forEach(r -> s.append(changed.contains(r) ? "* " : "  ").append(r.name).append(": ").append(summary(r.mutations))
                .append(changed.contains(r) ? " -> '" + r.answer() + "'" : "").append('\n'));
        for (Outcome bad : List.of(Outcome.JVM_DEATH, Outcome.TIMEOUT, Outcome.OTHER_EXIT, Outcome.UNTYPED_FAILURE,
                Outcome.FAILED_IN_GENERATION)) {
            List<Run> list = only(runs, bad);
            if (!list.isEmpty()) {
                s.append(String.format("%n%s (%d):%n", bad, list.size())).append(describe(list));
            }
        }
        return s.toString();
    }

    private static List<Run> only(List<Run> runs, Outcome outcome) {
        return runs.stream().filter(r -> r.outcome == outcome).toList();
    }

    private static String summary(List<Mutation> mutations) {
        return mutations.stream().map(m -> m.target + " " + m.description).collect(Collectors.joining("; "));
    }

    private static String describe(List<Run> runs) {
        StringBuilder s = new StringBuilder();
        for (Run r : runs) {
            s.append("  ").append(r.name).append(" [exit ").append(r.status).append(", ")
                    .append(r.metadataOnly() ? "metadata only" : "tensors/truncation").append("] ")
                    .append(summary(r.mutations)).append('\n');
            String lastLine = r.stderr.lines().reduce((a, b) -> b).orElse("");
            if (!lastLine.isEmpty()) {
                s.append("      stderr: ").append(lastLine).append('\n');
            }
            if (!r.stdoutClean) {
                s.append("      stdout: ").append(tail(r.stdout).lines().limit(3).collect(Collectors.joining(" | "))).append('\n');
            }
        }
        return s.toString();
    }

    // ---- the file layout and its mutations ------------------------------------------------------

    private static byte[] apply(byte[] original, List<Mutation> mutations) {
        byte[] bytes = original.clone();
        for (Mutation m : mutations) {
            if (m.kind == Kind.TRUNCATION) {
                bytes = Arrays.copyOf(bytes, m.at);
            } else {
                System.arraycopy(m.replacement, 0, bytes, m.at, m.replacement.length);
            }
        }
        return bytes;
    }

    /** One change: {@code replacement} written at {@code at}, or for a truncation the new length {@code at}. */
    record Mutation(Kind kind, String target, String description, int at, byte[] replacement) {
    }

    private static final int STRING = 8;
    private static final int ARRAY = 9;

    /** A metadata entry; offsets point at the length/type fields in the original file. */
    record Entry(String key, int keyLengthAt, int typeAt, int type, int valueAt, int elementTypeAt, int elementType,
            int countAt, long count, int[] elementsAt) {
    }

    record TensorInfo(String name, int nameLengthAt, int nameAt, int dimCountAt, long[] dims, int typeAt, int type,
            int offsetAt, long offset) {
    }

    /** Where each field of the original file is, so mutants can change one field in place. */
    record Layout(int tensorCountAt, long tensorCount, int entryCountAt, long entryCount, List<Entry> entries,
            List<TensorInfo> tensors, int tableEnd) {

        static Layout parse(byte[] file) {
            ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            long tensorCount = b.getLong(8);
            long entryCount = b.getLong(16);
            b.position(24);
            List<Entry> entries = new ArrayList<>();
            for (long i = 0; i < entryCount; i++) {
                int keyLengthAt = b.position();
                String key = string(b);
                int typeAt = b.position();
                int type = b.getInt();
                int valueAt = b.position();
                if (type == ARRAY) {
                    int elementTypeAt = b.position();
                    int elementType = b.getInt();
                    int countAt = b.position();
                    long count = b.getLong();
                    int[] elementsAt = new int[(int) count];
                    for (int e = 0; e < count; e++) {
                        elementsAt[e] = b.position();
                        skipValue(b, elementType);
                    }
                    entries.add(new Entry(key, keyLengthAt, typeAt, type, valueAt, elementTypeAt, elementType, countAt, count, elementsAt));
                } else {
                    skipValue(b, type);
                    entries.add(new Entry(key, keyLengthAt, typeAt, type, valueAt, -1, -1, -1, 0, new int[0]));
                }
            }
            List<TensorInfo> tensors = new ArrayList<>();
            for (long i = 0; i < tensorCount; i++) {
                int nameLengthAt = b.position();
                String name = string(b);
                int dimCountAt = b.position();
                long[] dims = new long[b.getInt()];
                for (int d = 0; d < dims.length; d++) {
                    dims[d] = b.getLong();
                }
                int typeAt = b.position();
                int type = b.getInt();
                int offsetAt = b.position();
                long offset = b.getLong();
                tensors.add(new TensorInfo(name, nameLengthAt, nameLengthAt + 8, dimCountAt, dims, typeAt, type, offsetAt, offset));
            }
            return new Layout(8, tensorCount, 16, entryCount, entries, tensors, b.position());
        }

        private static String string(ByteBuffer b) {
            byte[] s = new byte[(int) b.getLong()];
            b.get(s);
            return new String(s, StandardCharsets.UTF_8);
        }

        private static void skipValue(ByteBuffer b, int type) {
            if (type == STRING) {
                int length = (int) b.getLong();
                b.position(b.position() + length);
            } else {
                b.position(b.position() + scalarSize(type));
            }
        }
    }

    /** Bytes of a scalar GGUF value type. */
    static int scalarSize(int type) {
        return switch (type) {
            case 0, 1, 7 -> 1;
            case 2, 3 -> 2;
            case 4, 5, 6 -> 4;
            case 10, 11, 12 -> 8;
            default -> throw new IllegalArgumentException("not a scalar GGUF type: " + type);
        };
    }

    /** Picks mutations from a seeded random source, so a run is reproducible from its seed. */
    static final class Mutator {

        private static final long[] INTERESTING = {0, 1, 2, 3, 7, 8, 63, 64, 65, 255, 256, 4095, 4096, 65535, 65536,
            0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0x1_0000_0000L, Long.MAX_VALUE, -1L};
        private static final float[] INTERESTING_FLOATS = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, 1e30f, 1e-30f, Float.MIN_VALUE, 65504f};
        private static final long[] INTERESTING_TYPES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 30, 39, 40,
            100, 0xFFFF_FFFFL};

        private final Layout layout;
        private final byte[] original;
        private final int fileLength;
        private final Random random;

        Mutator(Layout layout, byte[] original, Random random) {
            this.layout = layout;
            this.original = original;
            this.fileLength = original.length;
            this.random = random;
        }

        /** One mutant's changes: usually one, sometimes a second on top (never after a truncation). */
        List<Mutation> next() {
            List<Mutation> mutations = new ArrayList<>();
            mutations.add(any());
            if (mutations.get(0).kind != Kind.TRUNCATION && random.nextInt(100) < 15) {
                Mutation second = any();
                while (second.kind == Kind.TRUNCATION) {
                    second = any();
                }
                mutations.add(second);
            }
            return mutations;
        }

        /** A mutation that really changes the file (a picked value can equal the original one). */
        private Mutation any() {
            Mutation m;
            do {
                m = draw();
            } while (m.kind != Kind.TRUNCATION && Arrays.equals(m.replacement, 0, m.replacement.length,
                    original, m.at, m.at + m.replacement.length));
            return m;
        }

        private Mutation draw() {
            int roll = random.nextInt(100);
            if (roll < 40) {
                return metadataValue();
            }
            if (roll < 60) {
                return metadataStructure();
            }
            if (roll < 88) {
                return tensorInfo();
            }
            return truncation();
        }

        private Mutation metadataValue() {
            Entry e = pick(layout.entries);
            if (random.nextInt(10) == 0) {
                // a renamed key reads as a missing key (and an unknown one)
                int last = e.keyLengthAt + 8 + e.key.length() - 1;
                return new Mutation(Kind.METADATA_VALUE, e.key, "key renamed (last char 'x')", last, new byte[] {'x'});
            }
            if (e.type == ARRAY) {
                int index = random.nextBoolean() ? random.nextInt(Math.min(4, e.elementsAt.length)) : random.nextInt(e.elementsAt.length);
                String target = e.key + "[" + index + "]";
                int at = e.elementsAt[index];
                if (e.elementType == STRING) {
                    return stringContent(Kind.METADATA_VALUE, target, at);
                }
                return scalar(Kind.METADATA_VALUE, target, e.elementType, at);
            }
            if (e.type == STRING) {
                return stringContent(Kind.METADATA_VALUE, e.key, e.valueAt);
            }
            return scalar(Kind.METADATA_VALUE, e.key, e.type, e.valueAt);
        }

        private Mutation metadataStructure() {
            Entry e = pick(layout.entries);
            int roll = random.nextInt(6);
            if (roll == 0) {
                return u64(Kind.METADATA_STRUCTURE, "<header entry count>", layout.entryCountAt, countLike(layout.entryCount));
            }
            if (roll == 1) {
                return u32(Kind.METADATA_STRUCTURE, e.key, "type tag", e.typeAt, otherType(e.type));
            }
            if (roll == 2) {
                return u64(Kind.METADATA_STRUCTURE, e.key, e.keyLengthAt, lengthLike(e.key.length()), "key length");
            }
            if (e.type == ARRAY) {
                if (roll == 3) {
                    return u32(Kind.METADATA_STRUCTURE, e.key, "element type", e.elementTypeAt, otherType(e.elementType));
                }
                if (roll == 4) {
                    return u64(Kind.METADATA_STRUCTURE, e.key, e.countAt, countLike(e.count), "element count");
                }
                if (e.elementType == STRING) {
                    int index = random.nextInt(e.elementsAt.length);
                    return u64(Kind.METADATA_STRUCTURE, e.key + "[" + index + "]", e.elementsAt[index],
                            lengthLike(4), "string length");
                }
            }
            if (e.type == STRING) {
                return u64(Kind.METADATA_STRUCTURE, e.key, e.valueAt, lengthLike(5), "string length");
            }
            return u32(Kind.METADATA_STRUCTURE, e.key, "type tag", e.typeAt, otherType(e.type));
        }

        private Mutation tensorInfo() {
            TensorInfo t = pick(layout.tensors);
            switch (random.nextInt(7)) {
                case 0:
                    return u64(Kind.TENSOR_INFO, "<header tensor count>", layout.tensorCountAt, countLike(layout.tensorCount));
                case 1:
                    return u32(Kind.TENSOR_INFO, t.name, "dimension count", t.dimCountAt,
                            new long[] {0, 1, 2, 3, 4, 5, 64, 0xFFFF_FFFFL}[random.nextInt(8)]);
                case 2:
                    return u32(Kind.TENSOR_INFO, t.name, "ggml type", t.typeAt, otherType(t.type));
                case 3: {
                    long[] offsets = {t.offset + 1, t.offset + 4, t.offset + 32, Math.max(0, t.offset - 32), 0, fileLength,
                        1L << 40, Long.MAX_VALUE, pick(layout.tensors).offset};
                    return u64(Kind.TENSOR_INFO, t.name, t.offsetAt, offsets[random.nextInt(offsets.length)], "data offset");
                }
                case 4: {
                    // another tensor's name of the same length makes a duplicate (blk.0 -> blk.1) or a missing one
                    String other = t.name.replaceFirst("blk\\.(\\d)", "blk." + random.nextInt(10));
                    if (other.equals(t.name)) {
                        other = t.name.substring(0, t.name.length() - 1) + "x";
                    }
                    return new Mutation(Kind.TENSOR_INFO, t.name, "renamed to " + other, t.nameAt,
                            other.getBytes(StandardCharsets.US_ASCII));
                }
                default: {
                    int d = random.nextInt(t.dims.length);
                    long dim = t.dims[d];
                    long[] values = {0, 1, dim - 1, dim + 1, dim * 2, dim / 2, 0x8000_0000L, 0x1_0000_0000L, 1L << 62,
                        Long.MAX_VALUE, -1L};
                    return u64(Kind.TENSOR_INFO, t.name, t.dimCountAt + 4 + 8 * d, values[random.nextInt(values.length)],
                            "dim " + d + " (was " + dim + ")");
                }
            }
        }

        private Mutation truncation() {
            int at = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(layout.entries.get(layout.entries.size() - 1).valueAt); // inside the metadata
                case 1 -> layout.tensors.get(0).nameLengthAt + random.nextInt(layout.tableEnd - layout.tensors.get(0).nameLengthAt);
                case 2 -> layout.tableEnd + random.nextInt(fileLength - layout.tableEnd); // inside the tensor data
                default -> fileLength - 1 - random.nextInt(64);
            };
            return new Mutation(Kind.TRUNCATION, "<file>", "truncated to " + at + " of " + fileLength + " bytes", at, new byte[0]);
        }

        // value pickers

        private Mutation scalar(Kind kind, String target, int type, int at) {
            if (type == 6) {
                float f = INTERESTING_FLOATS[random.nextInt(INTERESTING_FLOATS.length)];
                return new Mutation(kind, target, "f32 = " + f, at, le(Float.floatToRawIntBits(f), 4));
            }
            long v = random.nextInt(4) == 0 ? random.nextLong() : INTERESTING[random.nextInt(INTERESTING.length)];
            int size = scalarSize(type);
            return new Mutation(kind, target, "value = " + (size == 8 ? Long.toString(v) : Long.toString(v & mask(size))), at, le(v, size));
        }

        /** Same-length garbage in a string's bytes (the length stays, so the rest of the file parses). */
        private Mutation stringContent(Kind kind, String target, int lengthAt) {
            int length = (int) ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong(lengthAt);
            byte[] body = new byte[length];
            String what;
            switch (random.nextInt(4)) {
                case 0 -> {
                    Arrays.fill(body, (byte) 0xFF);
                    what = "invalid UTF-8";
                }
                case 1 -> what = "NUL bytes";
                case 2 -> {
                    System.arraycopy(original, lengthAt + 8, body, 0, length);
                    if (length > 0) {
                        body[0] = (byte) 0x80; // a lone continuation byte
                    }
                    what = "stray UTF-8 continuation byte";
                }
                default -> {
                    for (int i = 0; i < length; i++) {
                        body[i] = (byte) ('a' + random.nextInt(26));
                    }
                    what = "random letters '" + new String(body, StandardCharsets.US_ASCII) + "'";
                }
            }
            return new Mutation(kind, target, "string bytes: " + what, lengthAt + 8, body);
        }

        private long countLike(long count) {
            long[] values = {0, 1, count - 1, count + 1, count * 2, 0x8000_0000L, 0x1_0000_0000L, Long.MAX_VALUE, -1L};
            return values[random.nextInt(values.length)];
        }

        private long lengthLike(int length) {
            long[] values = {0, 1, length - 1, length + 1, length + 1000, 0xFFFF_FFFFL, 0x1_0000_0000L, Long.MAX_VALUE, -1L};
            return values[random.nextInt(values.length)];
        }

        private long otherType(int type) {
            long t;
            do {
                t = INTERESTING_TYPES[random.nextInt(INTERESTING_TYPES.length)];
            } while (t == type);
            return t;
        }

        private <T> T pick(List<T> list) {
            return list.get(random.nextInt(list.size()));
        }

        private static Mutation u32(Kind kind, String target, String field, int at, long value) {
            return new Mutation(kind, target, field + " = " + (value & 0xFFFF_FFFFL), at, le(value, 4));
        }

        private static Mutation u64(Kind kind, String target, int at, long value) {
            return u64(kind, target, at, value, "count");
        }

        private static Mutation u64(Kind kind, String target, int at, long value, String field) {
            return new Mutation(kind, target, field + " = " + Long.toUnsignedString(value), at, le(value, 8));
        }

        private static long mask(int size) {
            return size == 8 ? -1L : (1L << (8 * size)) - 1;
        }

        private static byte[] le(long value, int size) {
            byte[] bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                bytes[i] = (byte) (value >>> (8 * i));
            }
            return bytes;
        }
    }
}
