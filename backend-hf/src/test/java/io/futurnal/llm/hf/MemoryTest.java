package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.TokenStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-step temporaries are freed: the number of live NDArrays does not grow with the generation. */
@Timeout(120)
class MemoryTest {

    @Test
    void liveArraysStayFlatOverALongGeneration() {
        HfModel model = TestModels.shared().model();
        int before = model.manager().getManagedArrays().size();
        Sampler greedy = new Sampler(0, 1, 1, 1);
        try (TokenGenerator generator = new TokenGenerator(model, new int[] {1, 403, 407, 261, 378}, greedy, 600)) {
            int atStep20 = -1;
            int steps = 0;
            for (int id = generator.next(); id >= 0; id = generator.next()) {
                steps++;
                if (steps == 20) {
                    atStep20 = model.manager().getManagedArrays().size();
                }
            }
            assertTrue(steps >= 250, "a long generation: " + steps + " steps");
            assertEquals(atStep20, model.manager().getManagedArrays().size(),
                    "no NDArray survives a step (the KV cache grew by reallocation, not by new arrays)");
        }
        assertEquals(before, model.manager().getManagedArrays().size(), "closing the generator frees its cache");
    }

    @Test
    void streamsFreeTheirCacheWhenDoneOrCancelled() {
        HfClient client = TestModels.shared();
        int before = client.model().manager().getManagedArrays().size();
        GenerationResult done = client.generate("Once upon a time", GenerationOptions.builder().temperature(0.0).maxTokens(300).build());
        assertEquals(300, done.metrics().generatedTokens());
        assertEquals(before, client.model().manager().getManagedArrays().size());
        try (TokenStream stream = client.generateStream("Once upon a time", GenerationOptions.builder().temperature(0.0).build())) {
            stream.next();
            stream.next();
        }
        assertEquals(before, client.model().manager().getManagedArrays().size());
    }

    @Test
    void timeoutsThatFireWhileAStreamIsBeingBuiltLeakNothing() {
        HfClient client = TestModels.shared();
        int before = client.model().manager().getManagedArrays().size();
        GenerationOptions instant = GenerationOptions.builder().temperature(0.0).timeout(Duration.ofNanos(1)).build();
        for (int i = 0; i < 50; i++) {
            try (TokenStream stream = client.generateStream("Once upon a time", instant)) {
                assertThrows(LlmTimeoutException.class, stream::result);
            }
        }
        assertEquals(before, client.model().manager().getManagedArrays().size());
        assertTrue(client.generate("Once upon a time", GenerationOptions.builder().temperature(0.0).maxTokens(10).build())
                .text().startsWith(", there was"));
    }
}
