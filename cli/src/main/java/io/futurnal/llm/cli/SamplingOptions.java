package io.futurnal.llm.cli;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.Think;
import io.futurnal.llm.ThinkLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Generation options shared by generate and chat. */
final class SamplingOptions {

    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "256",
            description = "Most tokens to generate. Default: ${DEFAULT-VALUE}.")
    Integer maxTokens;

    @Option(names = {"-t", "--temperature"}, paramLabel = "T", description = "Sampling temperature; 0 is greedy.")
    Double temperature;

    @Option(names = {"-s", "--seed"}, paramLabel = "SEED", description = "Random seed, for repeatable sampling.")
    Long seed;

    @Option(names = "--top-k", paramLabel = "K", description = "Sample among the K most likely tokens.")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "Nucleus sampling threshold in (0, 1].")
    Double topP;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when this text appears (repeatable).")
    List<String> stop = new ArrayList<>();

    @Option(names = "--system", paramLabel = "TEXT", description = "A system prompt.")
    String system;

    @Option(names = "--json", description = "Ask for a JSON answer.")
    boolean json;

    @Option(names = "--schema", paramLabel = "FILE", description = "Ask for JSON matching this JSON Schema file.")
    Path schema;

    @Option(names = "--think", arity = "0..1", paramLabel = "LEVEL", fallbackValue = "on",
            description = "Ask a reasoning model to think first: on, off, or a level (low, medium, high). The reasoning goes to stderr.")
    String think;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Give up after this long, e.g. 30s or 2m. Default: no limit.")
    String timeout;

    GenerationOptions toOptions() {
        GenerationOptions.Builder b = GenerationOptions.builder()
                .maxTokens(maxTokens).temperature(temperature).seed(seed).topK(topK).topP(topP)
                .stop(stop).systemPrompt(system);
        if (schema != null) {
            try {
                b.format(ResponseFormat.jsonSchema(Files.readString(schema)));
            } catch (IOException e) {
                throw new InvalidRequestException("cannot read the schema file " + schema + ": " + e.getMessage(), e);
            }
        } else if (json) {
            b.format(ResponseFormat.JSON);
        }
        if (timeout != null) {
            b.timeout(parseTimeout(timeout));
        }
        if (think != null) {
            b.think(parseThink(think));
        }
        return b.build();
    }

    private static Think parseThink(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> Think.ON;
            case "off", "false" -> Think.OFF;
            default -> Think.of(ThinkLevel.parse(text));
        };
    }

    private static Duration parseTimeout(String text) {
        return LlmConfig.parseDuration(text).filter(d -> !d.isNegative() && !d.isZero()).orElseThrow(() ->
                new InvalidRequestException("--timeout is '" + text + "'; use a positive duration such as 500ms, 30s or 2m"));
    }
}
