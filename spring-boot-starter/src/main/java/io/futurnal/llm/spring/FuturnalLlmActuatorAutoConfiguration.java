package io.futurnal.llm.spring;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code futurnalLlm} health indicator and the {@code futurnal-llm} info entry, when Actuator is present. */
@AutoConfiguration(after = FuturnalLlmAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean({LlmClient.class, LlmConfig.class})
public class FuturnalLlmActuatorAutoConfiguration {

    /** Health with the detection report as details; {@code management.health.futurnal-llm.enabled=false} turns it off. */
    @Bean
    @ConditionalOnMissingBean(name = "futurnalLlmHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("futurnal-llm")
    public FuturnalLlmHealthIndicator futurnalLlmHealthIndicator(LlmClient client, LlmConfig config) {
        return new FuturnalLlmHealthIndicator(client, config);
    }

    /** Names the backend and model in {@code /actuator/info}. */
    @Bean
    @ConditionalOnMissingBean(name = "futurnalLlmInfoContributor")
    @ConditionalOnEnabledInfoContributor("futurnal-llm")
    public InfoContributor futurnalLlmInfoContributor(LlmClient client) {
        return builder -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("backend", client.info().backend());
            detail.put("model", client.info().model());
            detail.put("details", client.info().details());
            builder.withDetail("futurnal-llm", detail);
        };
    }
}
