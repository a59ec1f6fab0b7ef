package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.GenerationOptions;
import org.junit.jupiter.api.Test;

class SamplerTest {

    @Test
    void greedyTakesTheFirstLargest() {
        assertEquals(1, Sampler.argMax(new float[] {-1f, 3f, 3f, 2f}));
        assertEquals(2, new Sampler(0, 40, 0.9, 1).sample(new float[] {0f, 1f, 5f}));
    }

    @Test
    void candidatesAreOrderedByLogitThenId() {
        assertArrayEquals(new int[] {3, 1, 2, 0}, Sampler.topCandidates(new float[] {-5f, 0.5f, 0.5f, 2f}, 4));
        assertArrayEquals(new int[] {2, 0}, Sampler.topCandidates(new float[] {-0.5f, -3f, -0.25f}, 2));
    }

    @Test
    void samplingFollowsTheSoftmax() {
        Sampler sampler = new Sampler(1.0, 2, 1.0, 99);
        float[] logits = {0f, (float) Math.log(3)};
        int ones = 0;
        for (int i = 0; i < 20_000; i++) {
            ones += sampler.sample(logits);
        }
        assertEquals(0.75, ones / 20_000.0, 0.02);
    }

    @Test
    void temperatureSharpens() {
        Sampler cold = new Sampler(0.25, 2, 1.0, 5);
        float[] logits = {0f, (float) Math.log(3)};
        int ones = 0;
        for (int i = 0; i < 20_000; i++) {
            ones += cold.sample(logits);
        }
        // p(1) = 3^4 / (1 + 3^4)
        assertEquals(81.0 / 82.0, ones / 20_000.0, 0.01);
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        float[] logits = {(float) Math.log(0.6), (float) Math.log(0.3), (float) Math.log(0.1)};
        Sampler nucleus = new Sampler(1.0, 3, 0.5, 11);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, nucleus.sample(logits));
        }
        Sampler wider = new Sampler(1.0, 3, 0.85, 11);
        boolean sawSecond = false;
        for (int i = 0; i < 1000; i++) {
            int id = wider.sample(logits);
            assertTrue(id < 2, "the 0.1 tail is cut");
            sawSecond |= id == 1;
        }
        assertTrue(sawSecond);
    }

    @Test
    void topKLimitsTheCandidates() {
        float[] logits = {1f, 1f, 1f, 1f, 1f};
        Sampler two = new Sampler(1.0, 2, 1.0, 3);
        for (int i = 0; i < 1000; i++) {
            assertTrue(two.sample(logits) < 2);
        }
    }

    @Test
    void sameSeedSameSequence() {
        float[] logits = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f};
        GenerationOptions options = GenerationOptions.builder().temperature(1.0).seed(123L).build();
        Sampler a = Sampler.of(options);
        Sampler b = Sampler.of(options);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.sample(logits), b.sample(logits));
        }
        assertTrue(Sampler.of(GenerationOptions.builder().temperature(0.0).build()).greedy());
        assertTrue(!Sampler.of(GenerationOptions.DEFAULTS).greedy(), "the default samples at 0.8");
    }
}
