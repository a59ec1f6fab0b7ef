package io.futurnal.llm.spring;

import io.futurnal.llm.DetectionReport;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ProbeOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Up while the client's backend is available. The details are a fresh detection report: every
 * backend on the classpath, whether it is available and why, and which one auto-detection would
 * choose now.
 */
public class FuturnalLlmHealthIndicator extends AbstractHealthIndicator {
    private final LlmClient client;
    private final LlmConfig config;

    /** Checks {@code client}'s backend, probing with {@code config}. */
    public FuturnalLlmHealthIndicator(LlmClient client, LlmConfig config) {
        super("futurnal-llm health check failed");
        this.client = client;
        this.config = config;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        String backend = client.info().backend();
        DetectionReport report = LlmClients.detect(config.toBuilder().backend(LlmConfig.AUTO).build());
        boolean available = report.outcome(backend).map(ProbeOutcome::available).orElse(false);
        Map<String, Object> backends = new LinkedHashMap<>();
        for (ProbeOutcome o : report.outcomes()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("status", o.status().name());
            line.put("reason", o.reason());
            line.put("priority", o.priority());
            line.put("probeMillis", o.probeTime().toMillis());
            backends.put(o.id(), line);
        }
        (available ? builder.up() : builder.down())
                .withDetail("backend", backend)
                .withDetail("model", client.info().model())
                .withDetail("autoDetectChoice", report.chosen().orElse("none"))
                .withDetail("backends", backends);
    }
}
