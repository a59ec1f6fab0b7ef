package io.futurnal.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.models.BundledModel;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's exit-code table, row by row, through the CLI: each example the table gives is run
 * and must exit with that row's code, with one line on stderr that names the problem.
 */
class CliExitCodesTest {

    private static final Path README = Path.of("..", "README.md");

    private final List<String> properties = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties() {
        properties.forEach(System::clearProperty);
    }

    private void set(String key, String value) {
        System.setProperty(key, value);
        properties.add(key);
    }

    /** No Ollama and no OpenAI server: only the in-process backends are there. */
    private void offline() {
        set("ollama.host", "127.0.0.1:1");
        set("futurnal.llm.cache.dir", dir.resolve("cache").toString());
    }

    private static CliRunner.Result expect(int code, CliRunner.Result r) {
        assertEquals(code, r.exitCode(), "stderr: " + r.err() + "\nstdout: " + r.out());
        if (code != 0) {
            assertTrue(r.err().contains("futurnal-llm: error: ") || code == 2, r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
        }
        return r;
    }

    @Test
    void theTableListsExactlyTheCodesTestedHere() throws IOException {
        Set<Integer> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| ").matcher(Files.readString(README, StandardCharsets.UTF_8)
                .split("each row below is checked by `CliExitCodesTest`", 2)[1].split("\n\n", 3)[1]);
        while (row.find()) {
            documented.add(Integer.parseInt(row.group(1)));
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 130), documented);
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 130), new TreeSet<>(codesUsedByErrorHandler()));
    }

    private static List<Integer> codesUsedByErrorHandler() {
        return List.of(0, ErrorHandler.BACKEND_FAILED, 2, ErrorHandler.UNAVAILABLE, ErrorHandler.MODEL_NOT_FOUND,
                ErrorHandler.INVALID, ErrorHandler.TIMEOUT, ErrorHandler.INCOMPLETE, ErrorHandler.INTERRUPTED);
    }

    @Test
    void exit0Success() {
        offline();
        CliRunner.Result r = expect(0, CliRunner.run("generate", "--backend", "llamacpp", "--max-tokens", "8", "Once upon a time"));
        assertFalse(r.out().isBlank(), r.err());
    }

    @Test
    void exit1TheBackendFailed() {
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "ok"))) {
            ollama.faults().always("/api/generate", Fault.jsonStatus(500, "{\"error\":\"model runner crashed\"}"));
            set("ollama.host", ollama.hostAndPort());
            CliRunner.Result r = expect(1, CliRunner.run("generate", "--backend", "ollama", "--model", "llama3.1:8b", "hi"));
            assertTrue(r.err().contains("model runner crashed"), r.err());
        }
    }

    @Test
    void exit2Usage() {
        expect(2, CliRunner.run("generate"));
        expect(2, CliRunner.run("generate", "--no-such-option", "hi"));
    }

    @Test
    void exit3NoSuitableBackend() {
        offline();
        CliRunner.Result r = expect(3, CliRunner.run("generate", "--backend", "ollama", "hi"));
        assertTrue(r.err().contains("127.0.0.1:1"), r.err());
    }

    @Test
    void exit4ModelNotFound() {
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "ok"))) {
            set("ollama.host", ollama.hostAndPort());
            CliRunner.Result r = expect(4, CliRunner.run("generate", "--backend", "ollama", "--model", "absent:1b", "hi"));
            assertTrue(r.err().contains("ollama pull absent:1b"), r.err());
        }
    }

    @Test
    void exit5NamesTheInvalidKey() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("futurnal.llamacpp.threads", "0");
        cases.put("futurnal.ollama.keep.alive", "zz");
        cases.put("futurnal.openai.base.url", "ftp://127.0.0.1/v1");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            offline();
            set(c.getKey(), c.getValue());
            CliRunner.Result r = expect(5, CliRunner.run("generate", "--max-tokens", "4", "hi"));
            String envName = c.getKey().toUpperCase(java.util.Locale.ROOT).replace('.', '_');
            assertTrue(r.err().contains(envName) || r.err().contains(c.getKey()), c + ": " + r.err());
            clearProperties();
            properties.clear();
        }
    }

    @Test
    void exit5ForAnOllamaHostWithAnImpossiblePort() {
        set("ollama.host", "127.0.0.1:99999");
        CliRunner.Result r = expect(5, CliRunner.run("generate", "--backend", "ollama", "hi"));
        assertTrue(r.err().contains("99999"), r.err());
    }

    @Test
    void exit5ForATruncatedModelFileWhetherAskedForOrDetected() throws IOException {
        offline();
        Path model = BundledModel.STORIES_260K_GGUF.extractTo(dir.resolve("models"));
        byte[] bytes = Files.readAllBytes(model);
        Path truncated = Files.write(dir.resolve("truncated.gguf"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        for (List<String> backend : List.of(List.of("--backend", "llamacpp"), List.<String>of())) {
            List<String> args = new ArrayList<>(List.of("generate", "--model", truncated.toString(), "--max-tokens", "4"));
            args.addAll(backend);
            args.add("hi");
            CliRunner.Result r = expect(5, CliRunner.run(args.toArray(String[]::new)));
            assertTrue(r.err().contains("truncated.gguf"), backend + ": " + r.err());
        }
    }

    @Test
    void exit5ForAPromptLongerThanTheContext() {
        offline();
        CliRunner.Result r = expect(5, CliRunner.run("generate", "--backend", "llamacpp", "Once upon a time ".repeat(600)));
        assertTrue(r.err().contains("context holds"), r.err());
    }

    @Test
    void exit6Timeout() {
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "ok"))) {
            ollama.faults().always("/api/generate", Fault.slowFirstByte(Duration.ofSeconds(5)));
            set("ollama.host", ollama.hostAndPort());
            expect(6, CliRunner.run("generate", "--backend", "ollama", "--model", "llama3.1:8b", "--timeout", "200ms", "hi"));
        }
    }

    @Test
    void exit7OutputCutShort() throws IOException {
        offline();
        Path schema = Files.writeString(dir.resolve("schema.json"), CliStructuredOutputTest.SCHEMA);
        CliRunner.Result r = expect(7, CliRunner.run("generate", "--backend", "llamacpp", "--schema", schema.toString(),
                "--max-tokens", "4", "Lily is"));
        assertTrue(r.out().isEmpty(), r.out());
        assertTrue(r.err().contains("cut off by the token limit"), r.err());
    }

    @Test
    void exit130Interrupted() throws Exception {
        // a slow server keeps the CLI streaming until the signal arrives
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "one", " two", " three", " four"))) {
            ollama.faults().always("/api/generate", Fault.slowChunks(Duration.ofSeconds(2)));
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Dollama.host=" + ollama.hostAndPort(),
                    Main.class.getName(), "generate", "--backend", "ollama", "--model", "llama3.1:8b", "hi");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(k -> k.startsWith("FUTURNAL_") || k.startsWith("OLLAMA_") || k.startsWith("OPENAI_"));
            Path err = dir.resolve("stderr.txt");
            builder.redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(err.toFile());
            Process process = builder.start();
            try {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (ollama.requests().stream().noneMatch(r -> r.path().equals("/api/generate")) && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertTrue(process.isAlive(), "the CLI ended before it could be interrupted: " + Files.readString(err));
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
                assertEquals(0, kill.waitFor());
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the CLI did not stop on SIGINT");
                assertEquals(130, process.exitValue(), Files.readString(err));
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
