package io.futurnal.llm.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import io.futurnal.llm.LlmClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

/** A real Spring Boot context (auto-configuration, Actuator, Micrometer) on the bundled stories260K model. */
@SpringBootTest(classes = BundledModelApplicationTest.App.class, properties = {
    "futurnal.llm.backend=llamacpp",
    "futurnal.llm.settings.futurnal.llamacpp.chat.template=chatml",
    "futurnal.llm.langchain4j.max-output-tokens=64",
})
class BundledModelApplicationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    interface Storyteller {
        String tell(String opening);
    }

    @Autowired
    LlmClient client;

    @Autowired
    ChatModel chatModel;

    @Autowired
    @Qualifier("futurnalLlmHealthIndicator")
    HealthIndicator health;

    @Autowired
    MeterRegistry meters;

    @Test
    void anAiServicesStorytellerAnswersFromTheBundledModelAndTheCallIsVisibleInHealthAndMetrics() {
        assertThat(client.info().backend()).isEqualTo("llamacpp");
        String story = AiServices.create(Storyteller.class, chatModel).tell("Once upon a time");
        assertThat(story).isNotBlank();

        Health h = health.health();
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsEntry("backend", "llamacpp");
        assertThat(h.getDetails().get("backends").toString()).contains("llamacpp=", "ollama=");

        assertThat(meters.get("gen_ai.client.operation.duration").tag("gen_ai.provider.name", "llamacpp")
                .tag("gen_ai.operation.name", "chat").timer().count()).isEqualTo(1);
        assertThat(meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary().totalAmount())
                .isGreaterThan(0);
    }
}
