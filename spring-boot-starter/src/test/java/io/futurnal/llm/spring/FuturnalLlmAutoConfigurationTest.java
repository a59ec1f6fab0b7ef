package io.futurnal.llm.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.micrometer.MicrometerLlmListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FuturnalLlmAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FuturnalLlmAutoConfiguration.class, FuturnalLlmActuatorAutoConfiguration.class))
            .withPropertyValues("futurnal.llm.backend=scripted", "futurnal.llm.settings.test.scripted.available=true");

    @AfterEach
    void reset() {
        ScriptedBackend.REACHABLE.set(true);
    }

    @Test
    void theClientComesFromThePropertiesAnswersThroughTheChatModelAndIsClosedWithTheContext() {
        int closedBefore = ScriptedBackend.CLOSED.get();
        runner.withPropertyValues("futurnal.llm.model=tiny", "futurnal.llm.langchain4j.max-output-tokens=32").run(context -> {
            LlmClient client = context.getBean(LlmClient.class);
            assertThat(client.info().backend()).isEqualTo("scripted");
            assertThat(client.info().model()).isEqualTo("tiny");
            assertThat(context.getBean(ChatModel.class).chat("hi")).isEqualTo("Hello from scripted");
            assertThat(context).hasSingleBean(StreamingChatModel.class);
            assertThat(context.getBean(ChatModel.class).defaultRequestParameters().maxOutputTokens()).isEqualTo(32);
            assertThat(ScriptedBackend.CLOSED.get()).isEqualTo(closedBefore);
        });
        assertThat(ScriptedBackend.CLOSED.get()).isEqualTo(closedBefore + 1);
    }

    @Test
    void propertiesBindRelaxedlyOntoTheLlmConfigKeys() {
        runner.withPropertyValues("futurnal.llm.probe.timeout=2s", "futurnal.llm.detect.timeout=PT4S",
                "futurnal.llm.connect.timeout=750ms", "futurnal.llm.read.timeout=1m", "futurnal.llm.request.timeout=90s",
                "futurnal.llm.fallback=true", "futurnal.llm.cache.dir=/tmp/futurnal-test-cache",
                "futurnal.llm.settings.ollama.host=127.0.0.1:9").run(context -> {
            LlmConfig config = context.getBean(LlmConfig.class);
            assertThat(config.backend()).isEqualTo("scripted");
            assertThat(config.probeTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(config.detectTimeout()).isEqualTo(Duration.ofSeconds(4));
            assertThat(config.getDuration("futurnal.llm.connect.timeout", Duration.ZERO)).isEqualTo(Duration.ofMillis(750));
            assertThat(config.getDuration("futurnal.llm.read.timeout", Duration.ZERO)).isEqualTo(Duration.ofMinutes(1));
            assertThat(config.requestTimeout()).contains(Duration.ofSeconds(90));
            assertThat(config.fallback()).isTrue();
            assertThat(config.cacheDirectory()).isEqualTo(Path.of("/tmp/futurnal-test-cache"));
            assertThat(config.get("ollama.host")).contains("127.0.0.1:9");
        });
    }

    @Test
    void aBadValueFailsStartupWithTheLibrarysMessage() {
        runner.withPropertyValues("futurnal.llm.backend=no such").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("use 'auto' or a backend id");
        });
    }

    @Test
    void itBacksOffWhenTheApplicationDefinesItsOwnClient() {
        LlmClient own = new ScriptedBackend().create(LlmConfig.builder().model("own-model").build());
        runner.withBean(LlmClient.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(LlmClient.class);
            assertThat(context.getBean(LlmClient.class)).isSameAs(own);
        });
    }

    @Test
    void theHealthIndicatorListsEveryBackendAndGoesDownWithTheClientsBackend() {
        runner.run(context -> {
            HealthIndicator indicator = context.getBean("futurnalLlmHealthIndicator", HealthIndicator.class);
            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("backend", "scripted").containsEntry("model", "scripted-model");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> backends = (Map<String, Map<String, Object>>) up.getDetails().get("backends");
            assertThat(backends).containsKeys("scripted", "ollama", "llamacpp");
            assertThat(backends.get("scripted")).containsEntry("status", "AVAILABLE").containsEntry("reason", "scripted for the test");

            ScriptedBackend.REACHABLE.set(false);
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(((Map<?, ?>) down.getDetails().get("backends")).get("scripted").toString()).contains("scripted away");
        });
    }

    @Test
    void theInfoContributorNamesBackendAndModel() {
        runner.run(context -> {
            Info.Builder builder = new Info.Builder();
            context.getBean("futurnalLlmInfoContributor", InfoContributor.class).contribute(builder);
            assertThat(builder.build().getDetails().get("futurnal-llm").toString())
                    .contains("backend=scripted").contains("model=scripted-model");
        });
    }

    @Test
    void withAMeterRegistryEveryCallIsMeasured() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(MicrometerLlmListener.class);
            context.getBean(ChatModel.class).chat("hi");
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("gen_ai.client.operation.duration").tag("gen_ai.provider.name", "scripted")
                    .tag("gen_ai.operation.name", "chat").timer().count()).isEqualTo(1);
            assertThat(meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary().totalAmount()).isEqualTo(3);
        });
    }

    @Test
    void optionalPartsStayAwayWithoutTheirLibraries() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withClassLoader(new FilteredClassLoader(ChatModel.class, MeterRegistry.class, HealthIndicator.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(LlmClient.class);
                    assertThat(context).doesNotHaveBean("futurnalChatModel");
                    assertThat(context).doesNotHaveBean(MicrometerLlmListener.class);
                    assertThat(context).doesNotHaveBean("futurnalLlmHealthIndicator");
                });
        runner.run(context -> assertThat(context).doesNotHaveBean(MicrometerLlmListener.class));
    }

    @Test
    void configurationMetadataDescribesTheKeysForIdes() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"futurnal.llm.backend\"", "\"futurnal.llm.model\"", "\"futurnal.llm.probe.timeout\"",
                    "\"futurnal.llm.request.timeout\"", "\"futurnal.llm.cache.dir\"", "\"futurnal.llm.settings\"");
            assertThat(json).contains("\"value\": \"llamacpp\"");
        }
    }
}
