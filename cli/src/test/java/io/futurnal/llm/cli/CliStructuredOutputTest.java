package io.futurnal.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.testing.LlmAssertions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code generate --schema} and {@code --json} on the in-process backends with the bundled toy model. */
@Timeout(180)
class CliStructuredOutputTest {

    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "name": {"type": "string", "minLength": 1, "maxLength": 10},
               "age": {"type": "integer"},
               "tags": {"type": "array", "items": {"enum": ["cat", "dog"]}, "maxItems": 2},
               "happy": {"type": "boolean"}
             },
             "required": ["name", "age", "tags", "happy"]}""";

    @TempDir
    Path dir;

    @BeforeEach
    void noOllama() {
        System.setProperty("ollama.host", "127.0.0.1:1");
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty("ollama.host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"llamacpp", "hf"})
    void schemaOutputParsesAndValidates(String backend) throws IOException {
        CliRunner.Result r = CliRunner.run("generate", "--backend", backend, "--schema", schemaFile().toString(),
                "--max-tokens", "200", "Lily is");
        assertEquals(0, r.exitCode(), r.err());
        LlmAssertions.assertMatchesSchema(r.out().strip(), SCHEMA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llamacpp", "hf"})
    void jsonOutputParses(String backend) {
        CliRunner.Result r = CliRunner.run("generate", "--backend", backend, "--json", "--max-tokens", "200", "Lily is");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(LlmAssertions.assertJson(r.out().strip()).isObject(), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"llamacpp", "hf"})
    void jsonCutShortByTheTokenLimitFailsWithOneLine(String backend) throws IOException {
        CliRunner.Result r = CliRunner.run("generate", "--backend", backend, "--schema", schemaFile().toString(),
                "--max-tokens", "4", "Lily is");
        assertEquals(ErrorHandler.INCOMPLETE, r.exitCode(), r.out() + r.err());
        assertEquals("", r.out(), "nothing half-written is printed");
        String error = r.err().lines().filter(l -> l.startsWith("futurnal-llm: error:")).findFirst().orElse(r.err());
        assertTrue(error.contains("cut off by the token limit"), r.err());
    }

    private Path schemaFile() throws IOException {
        return Files.writeString(dir.resolve("schema.json"), SCHEMA);
    }

    static final String TOOLS = """
            [{"type": "function", "function": {"name": "get_weather", "description": "Current weather in a city",
              "parameters": {"type": "object", "properties": {"city": {"type": "string", "maxLength": 40},
                "days": {"type": "integer"}}, "required": ["city", "days"]}}}]""";

    static final String WEATHER_PARAMETERS = """
            {"type": "object", "properties": {"city": {"type": "string", "maxLength": 40},
              "days": {"type": "integer"}}, "required": ["city", "days"]}""";

    @ParameterizedTest
    @ValueSource(strings = {"llamacpp", "hf"})
    void chatWithToolsPrintsACallWhoseArgumentsValidate(String backend) throws IOException {
        Path tools = Files.writeString(dir.resolve("tools.json"), TOOLS);
        CliRunner.Result r = CliRunner.run("chat", "--backend", backend, "--tools", tools.toString(),
                "What is the weather in Paris?");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        var call = LlmAssertions.assertJson(r.out().strip());
        assertEquals("get_weather", call.get("name").asText(), r.out());
        LlmAssertions.assertMatchesSchema(call.get("arguments").toString(), WEATHER_PARAMETERS);
    }
}
