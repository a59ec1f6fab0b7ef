package io.futurnal.llm.spring;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmListener;
import io.futurnal.llm.langchain4j.FuturnalChatModel;
import io.futurnal.llm.langchain4j.FuturnalStreamingChatModel;
import io.futurnal.llm.micrometer.MicrometerLlmListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An {@link LlmClient} bean from {@code futurnal.llm.*} properties, closed with the context; it
 * backs off when the application defines its own client or {@link LlmConfig}. Every
 * {@link LlmListener} bean hears the client's calls. With LangChain4j and futurnal-llm-langchain4j
 * on the classpath it adds {@link ChatModel} and {@link StreamingChatModel} beans; with Micrometer
 * and futurnal-llm-micrometer, the GenAI meters.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass(LlmClient.class)
@EnableConfigurationProperties(FuturnalLlmProperties.class)
public class FuturnalLlmAutoConfiguration {

    // Declared by http-common's HttpSettings; named here so the starter needs only api.
    private static final String CONNECT_TIMEOUT = "futurnal.llm.connect.timeout";
    private static final String READ_TIMEOUT = "futurnal.llm.read.timeout";

    /** The library configuration: system properties and environment, with the Spring properties on top. */
    @Bean
    @ConditionalOnMissingBean
    public LlmConfig futurnalLlmConfig(FuturnalLlmProperties properties, ObjectProvider<LlmListener> listeners) {
        LlmConfig.Builder b = LlmConfig.builder();
        properties.getSettings().forEach(b::set);
        set(b, LlmConfig.BACKEND, properties.getBackend());
        set(b, LlmConfig.MODEL, properties.getModel());
        if (properties.getFallback() != null) {
            b.fallback(properties.getFallback());
        }
        set(b, LlmConfig.PROBE_TIMEOUT, properties.getProbe().getTimeout());
        set(b, LlmConfig.DETECT_TIMEOUT, properties.getDetect().getTimeout());
        set(b, CONNECT_TIMEOUT, properties.getConnect().getTimeout());
        set(b, READ_TIMEOUT, properties.getRead().getTimeout());
        set(b, LlmConfig.REQUEST_TIMEOUT, properties.getRequest().getTimeout());
        set(b, LlmConfig.MODELS_FILE, properties.getModels().getFile());
        set(b, LlmConfig.CACHE_DIR, properties.getCache().getDir());
        listeners.orderedStream().forEach(b::listener);
        return b.build();
    }

    /** The client on the configured or detected backend; Spring closes it on shutdown. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public LlmClient llmClient(LlmConfig config) {
        return LlmClients.create(config);
    }

    private static void set(LlmConfig.Builder b, String key, Object value) {
        if (value instanceof Duration d) {
            b.set(key, d.toString());
        } else if (value != null) {
            b.set(key, value.toString());
        }
    }

    /** LangChain4j models on the client. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ChatModel.class, FuturnalChatModel.class})
    static class LangChain4jConfiguration {

        @Bean
        @ConditionalOnMissingBean(ChatModel.class)
        FuturnalChatModel futurnalChatModel(LlmClient client, FuturnalLlmProperties properties) {
            return new FuturnalChatModel(client, defaults(properties));
        }

        @Bean
        @ConditionalOnMissingBean(StreamingChatModel.class)
        FuturnalStreamingChatModel futurnalStreamingChatModel(LlmClient client, FuturnalLlmProperties properties) {
            return new FuturnalStreamingChatModel(client, defaults(properties));
        }

        private static ChatRequestParameters defaults(FuturnalLlmProperties properties) {
            return DefaultChatRequestParameters.builder()
                    .maxOutputTokens(properties.getLangchain4j().getMaxOutputTokens())
                    .temperature(properties.getLangchain4j().getTemperature())
                    .build();
        }
    }

    /** GenAI meters and observations for every call. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, MicrometerLlmListener.class})
    static class MicrometerConfiguration {

        @Bean
        @ConditionalOnBean(MeterRegistry.class)
        @ConditionalOnMissingBean
        MicrometerLlmListener micrometerLlmListener(MeterRegistry meters, ObjectProvider<ObservationRegistry> observations) {
            return new MicrometerLlmListener(meters, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
        }
    }
}
