package io.futurnal.llm.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.ModelNotFoundException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class MicrometerLlmListenerTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TestObservationRegistry observations = TestObservationRegistry.create();
    private final LlmClient client = LlmClients.observed(new WordClient(),
            List.of(new MicrometerLlmListener(meters, observations)));

    @Test
    void aChatRecordsDurationTokenUsageAndTimeToFirstChunkWithTheGenAiTags() {
        client.chat(List.of(ChatMessage.user("one two three")), GenerationOptions.DEFAULTS);

        Timer duration = meters.get("gen_ai.client.operation.duration")
                .tag("gen_ai.operation.name", "chat").tag("gen_ai.provider.name", "words")
                .tag("gen_ai.request.model", "word-model").tag("gen_ai.response.model", "word-model")
                .tag("error.type", "none").timer();
        assertEquals(1, duration.count());
        assertTrue(duration.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
        assertEquals(14, duration.takeSnapshot().histogramCounts().length, "one bucket per boundary of the conventions");
        assertEquals(0.01, duration.takeSnapshot().histogramCounts()[0].bucket(java.util.concurrent.TimeUnit.SECONDS), 1e-9);

        DistributionSummary input = meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary();
        DistributionSummary output = meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary();
        assertEquals(7, input.totalAmount());
        assertEquals(3, output.totalAmount(), "three words streamed");
        CountAtBucket[] buckets = output.takeSnapshot().histogramCounts();
        assertEquals(4, buckets[1].bucket());
        assertEquals(1, buckets[1].count(), "3 tokens fall in the (1, 4] bucket");

        assertEquals(1, meters.get("gen_ai.client.operation.time_to_first_chunk").tag("gen_ai.operation.name", "chat").timer().count());
    }

    @Test
    void eachCallIsOneStoppedObservationWithTheConventionsKeyValues() {
        client.generate("a b");
        assertThat(observations).hasSingleObservationThat()
                .hasNameEqualTo("gen_ai.client.operation")
                .hasContextualNameEqualTo("text_completion word-model")
                .hasLowCardinalityKeyValue("gen_ai.operation.name", "text_completion")
                .hasLowCardinalityKeyValue("gen_ai.provider.name", "words")
                .hasLowCardinalityKeyValue("gen_ai.request.model", "word-model")
                .hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "2")
                .hasHighCardinalityKeyValue("gen_ai.response.finish_reasons", "stop")
                .hasBeenStarted().hasBeenStopped();
    }

    @Test
    void aFailedCallIsTimedWithItsErrorTypeAndItsObservationCarriesTheError() {
        assertThrows(ModelNotFoundException.class, () -> client.generate("missing"));
        Timer failed = meters.get("gen_ai.client.operation.duration")
                .tag("error.type", ModelNotFoundException.class.getName()).timer();
        assertEquals(1, failed.count());
        assertTrue(meters.find("gen_ai.client.token.usage").meters().isEmpty(), "no usage is made up for a failed call");
        assertThat(observations).hasSingleObservationThat().hasError().hasBeenStopped();
    }
}
