package io.futurnal.llm.ollama;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs {@link OllamaLiveTest} against the fake, so that its scenarios are known to be right
 * before anyone points them at a real server, and checks that it skips when no server is named.
 */
class OllamaLiveScenariosTest {

    private static final String HOST_PROPERTY = "futurnal.it.ollama.host";

    @Test
    void passAgainstTheFakeServer() {
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.counting("live:1b", 50))) {
            System.setProperty(HOST_PROPERTY, ollama.hostAndPort());
            try {
                EngineTestKit.engine("junit-jupiter").selectors(selectClass(OllamaLiveTest.class)).execute()
                        .testEvents().assertStatistics(stats -> stats.started(4).succeeded(4).skipped(0).failed(0));
            } finally {
                System.clearProperty(HOST_PROPERTY);
            }
        }
    }

    @Test
    void skipWithAReasonWhenNoServerIsNamed() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("OLLAMA_HOST") == null
                && System.getenv("FUTURNAL_IT_OLLAMA_HOST") == null, "a live server is named in this environment");
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(OllamaLiveTest.class)).execute()
                .testEvents().assertStatistics(stats -> stats.aborted(4).failed(0));
    }
}
