package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.spi.ProbeResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the load path: a few hundred damaged copies of the bundled stories260K model
 * (config values, safetensors header length, offsets, dtypes, shapes and bytes, truncated files,
 * tokenizer and generation ids). Each must either load or be refused with a typed error, never
 * another exception, and the probe must agree with the loader. The seeds are fixed, so a failure
 * names a mutant that can be rebuilt.
 */
@Timeout(180)
class HfFuzzTest {

    /** Mutants per run; each family of {@link ModelMutator.Family} gets an equal share. */
    private static final int MUTANTS = 360;
    /** Mutants that pass validation and then generate a few tokens on PyTorch. */
    private static final int GENERATED_SAMPLE = 10;
    private static final long FIRST_SEED = 20_260_412L;

    @TempDir
    Path temp;

    /** How one mutant ended. */
    private enum Outcome { LOADED, INVALID_MODEL, OTHER_TYPED }

    /** Per family: how many mutants ended each way. */
    private final Map<ModelMutator.Family, Map<Outcome, Integer>> counts = new EnumMap<>(ModelMutator.Family.class);

    @Test
    void everyMutantLoadsOrIsRefusedWithATypedError() throws IOException {
        ModelMutator mutator = new ModelMutator(TestModels.copyAll(temp.resolve("original")));
        List<String> failures = new ArrayList<>();
        List<ModelMutator.Mutant> loadable = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < MUTANTS; i++) {
            ModelMutator.Mutant mutant = mutator.write(FIRST_SEED + i, temp.resolve("m" + i));
            Outcome outcome = check(mutant, failures);
            if (outcome != null) {
                counts.computeIfAbsent(mutant.family(), f -> new EnumMap<>(Outcome.class)).merge(outcome, 1, Integer::sum);
            }
            if (outcome == Outcome.LOADED && loadable.size() < GENERATED_SAMPLE) {
                loadable.add(mutant);
            } else {
                delete(mutant.directory());
            }
        }
        long validationMillis = (System.nanoTime() - start) / 1_000_000;
        int generated = generate(loadable, failures);
        report(validationMillis, generated);

        if (!failures.isEmpty()) {
            fail(failures.size() + " mutants broke the contract:\n" + String.join("\n", failures));
        }
        assertEquals(MUTANTS, total(null), "every mutant was classified");
        assertTrue(total(Outcome.LOADED) > 0, "some mutations are harmless (e.g. a changed rope_theta) and load");
        assertTrue(total(Outcome.INVALID_MODEL) > MUTANTS / 2, "most mutations break a rule the loader checks");
        for (ModelMutator.Family family : ModelMutator.Family.values()) {
            Map<Outcome, Integer> byOutcome = counts.getOrDefault(family, Map.of());
            assertTrue(byOutcome.getOrDefault(Outcome.INVALID_MODEL, 0) > 0, family + " produced no refusal: " + byOutcome);
            if (family.alwaysInvalid) {
                assertEquals(Map.of(Outcome.INVALID_MODEL, MUTANTS / ModelMutator.Family.values().length), byOutcome,
                        family + " breaks an exact rule, so every mutant must be refused as an invalid model");
            }
        }
        // a generous bound for a loaded 2-core machine; alone it takes a few seconds
        assertTrue(validationMillis < 60_000, "validation of " + MUTANTS + " mutants took " + validationMillis + " ms");
    }

    /**
     * Validates {@code mutant} the way loading does, without PyTorch, and checks that the probe
     * agrees; {@code null} (and an entry in {@code failures}) when the contract is broken.
     */
    private static Outcome check(ModelMutator.Mutant mutant, List<String> failures) {
        Path dir = mutant.directory();
        boolean weightsValid = false;
        Outcome outcome;
        try {
            LlamaConfig config = LlamaConfig.read(dir.resolve("config.json"));
            LlamaWeights.resolve(config, TensorIndex.open(dir));
            weightsValid = true;
            ModelSettings.read(dir, config);
            HfTokenizer.load(dir.resolve("tokenizer.json"), config.vocabSize()).close();
            outcome = Outcome.LOADED;
        } catch (InvalidModelFileException e) {
            if (e.path() == null || !e.path().startsWith(dir)) {
                failures.add(mutant.description() + ": the error names " + e.path() + ", not a file of the mutant: " + e.getMessage());
                return null;
            }
            outcome = Outcome.INVALID_MODEL;
        } catch (LlmException e) {
            outcome = Outcome.OTHER_TYPED;
        } catch (RuntimeException | Error e) {
            failures.add(mutant.description() + ": untyped " + e);
            return null;
        }
        // the probe reads config.json and the weights' headers (not the tokenizer): it must reach the same verdict
        ProbeResult probe = new HfProvider().probe(TestModels.config(Map.of(HfSettings.MODEL_DIR.name(), dir.toString())));
        boolean agrees = weightsValid ? probe.available()
                : probe.typedProblem().filter(InvalidModelFileException.class::isInstance).isPresent();
        if (!agrees) {
            failures.add(mutant.description() + ": the probe says " + (probe.available() ? "available" : "unavailable")
                    + " (" + probe.reason() + ") but validation " + (weightsValid ? "passed" : "refused the weights"));
            return null;
        }
        return outcome;
    }

    /** Generates a few tokens from each of {@code mutants} on PyTorch; returns how many produced text. */
    private static int generate(List<ModelMutator.Mutant> mutants, List<String> failures) {
        if (!DjlRuntime.missingPieces().isEmpty()) {
            return 0;
        }
        GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).maxTokens(4).build();
        int generated = 0;
        for (ModelMutator.Mutant mutant : mutants) {
            try (HfClient client = TestModels.open(mutant.directory())) {
                client.generate("Once upon a time", greedy);
                generated++;
            } catch (LlmException e) {
                // typed, as allowed: e.g. a mutated max_position_embeddings too short for the prompt
            } catch (RuntimeException | Error e) {
                failures.add(mutant.description() + ": generation failed untyped: " + e);
            }
        }
        return generated;
    }

    private void report(long validationMillis, int generated) {
        StringBuilder out = new StringBuilder("HfFuzzTest: " + MUTANTS + " mutants validated in " + validationMillis + " ms; "
                + total(Outcome.LOADED) + " loaded, " + total(Outcome.INVALID_MODEL) + " invalid model, "
                + total(Outcome.OTHER_TYPED) + " other typed; " + generated + " of the loadable sample generated text\n");
        counts.forEach((family, byOutcome) -> out.append("  ").append(family).append(' ').append(byOutcome).append('\n'));
        System.out.print(out);
    }

    /** Mutants that ended as {@code outcome}, or all classified ones for {@code null}. */
    private int total(Outcome outcome) {
        return counts.values().stream().flatMap(m -> m.entrySet().stream())
                .filter(e -> outcome == null || e.getKey() == outcome).mapToInt(Map.Entry::getValue).sum();
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
