package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.AuthenticationException;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.spi.ProbeResult;
import io.futurnal.llm.testserver.DebugLog;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bearer token is sent with every call and appears nowhere else: not in messages, string forms,
 * probe reasons, or any log line at DEBUG, HttpClient's headers and wire included (surefire sends
 * the log to target/test-debug.log), on success and on every kind of failure.
 */
class OllamaSecretsTest {

    private static final String TOKEN = "ollama-secret-7f3a9c2e51";

    @Test
    void sendsTheTokenOnEveryCallAndNeverShowsIt() throws Exception {
        List<String> visible = new ArrayList<>();
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "ok"))) {
            ollama.requireBearerToken(TOKEN);
            LlmConfig config = TestConfigs.forServer(ollama, "llama3.1:8b").set(OllamaSettings.API_KEY, TOKEN).build();
            try (OllamaClient client = new OllamaClient(config)) {
                assertEquals("ok", client.generate("x").text());
                assertEquals("ok", client.generateStream("x", GenerationOptions.DEFAULTS).result().text());
                client.listModels();
                visible.add(client.toString());
                visible.add(client.info().toString());
                visible.add(config.toString());
                LlmException missing = assertThrows(LlmException.class, () -> client.show("absent:1b"));
                visible.add(missing.getMessage());
            }
            ProbeResult probe = new OllamaProvider().probe(config);
            assertTrue(probe.available(), probe.reason());
            visible.add(probe.reason());
            for (RecordedRequest r : ollama.requests()) {
                assertEquals("Bearer " + TOKEN, r.header("Authorization").orElseThrow(), r.toString());
            }

            ollama.requireBearerToken("another-token");
            try (OllamaClient refused = new OllamaClient(config)) {
                AuthenticationException e = assertThrows(AuthenticationException.class, () -> refused.generate("x"));
                assertTrue(e.getMessage().contains("the configured API key was not accepted"), e.getMessage());
                visible.add(e.getMessage());
                visible.add(String.valueOf(e.getCause()));
            }
            ProbeResult refusedProbe = new OllamaProvider().probe(config);
            assertFalse(refusedProbe.available());
            assertTrue(refusedProbe.reason().contains("HTTP 401"), refusedProbe.reason());
            visible.add(refusedProbe.reason());
        }
        for (String text : visible) {
            assertFalse(text.contains(TOKEN), "the token leaked into: " + text);
        }
        DebugLog.assertNeverHolds(TOKEN, "/api/generate");
    }

    @Test
    void aServerEchoingTheTokenInAnyErrorHasThatTextWithheld() throws Exception {
        List<String> visible = new ArrayList<>();
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "ok one two three"))) {
            LlmConfig config = TestConfigs.forServer(ollama, "llama3.1:8b").set(OllamaSettings.API_KEY, TOKEN).build();
            String echo = "{\"error\":\"bad header Authorization: Bearer " + TOKEN + "\"}";
            try (OllamaClient client = new OllamaClient(config)) {
                for (int status : new int[] {400, 401, 404, 500}) {
                    ollama.faults().next("/api/generate", Fault.jsonStatus(status, echo));
                    LlmException e = assertThrows(LlmException.class, () -> client.generate("x"));
                    assertTrue(e.getMessage().contains("withheld"), status + ": " + e.getMessage());
                    visible.add(e.getMessage());
                }
                ollama.faults().next("/api/generate", Fault.errorMidStream(1, "token " + TOKEN + " expired"));
                LlmException mid = assertThrows(LlmException.class,
                        () -> client.generateStream("x", GenerationOptions.DEFAULTS).result());
                visible.add(mid.getMessage());
                ollama.faults().next("/api/generate", Fault.status(200, "application/x-ndjson", "not json " + TOKEN + "\n"));
                visible.add(assertThrows(LlmException.class, () -> client.generateStream("x", GenerationOptions.DEFAULTS).result()).getMessage());
            }
            ollama.faults().next("/api/tags", Fault.jsonStatus(401, echo));
            ProbeResult probe = new OllamaProvider().probe(config);
            assertFalse(probe.available());
            visible.add(probe.reason());
        }
        for (String text : visible) {
            assertFalse(text.contains(TOKEN), "the token leaked into: " + text);
        }
        DebugLog.assertNeverHolds(TOKEN, "/api/generate");
    }

    @Test
    void ollamasOwnApiKeyTravelsOverHttpsOnlyAndOursGoesWhereItIsTold() {
        try (FakeOllamaServer ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "ok"))) {
            ollama.requireBearerToken(TOKEN);
            try (OllamaClient anonymous = TestConfigs.client(ollama, "llama3.1:8b")) {
                AuthenticationException e = assertThrows(AuthenticationException.class, () -> anonymous.generate("x"));
                assertTrue(e.getMessage().contains("set FUTURNAL_OLLAMA_API_KEY"), e.getMessage());
                assertTrue(ollama.lastRequest("/api/generate").header("Authorization").isEmpty());
            }
            LlmConfig viaOllamaKey = TestConfigs.forServer(ollama, "llama3.1:8b").environment(Map.of("OLLAMA_API_KEY", TOKEN)).build();
            try (OllamaClient client = new OllamaClient(viaOllamaKey)) {
                assertThrows(AuthenticationException.class, () -> client.generate("x"));
                assertTrue(ollama.lastRequest("/api/generate").header("Authorization").isEmpty(),
                        "OLLAMA_API_KEY is not sent in clear text");
            }
            LlmConfig viaOurKey = TestConfigs.forServer(ollama, "llama3.1:8b").environment(Map.of("FUTURNAL_OLLAMA_API_KEY", TOKEN)).build();
            try (OllamaClient client = new OllamaClient(viaOurKey)) {
                assertEquals("ok", client.generate("x").text());
            }
        }
        LlmConfig cloud = TestConfigs.isolated().environment(Map.of("OLLAMA_HOST", "https://ollama.com", "OLLAMA_API_KEY", TOKEN)).build();
        assertTrue(OllamaSettings.from(cloud).token().isPresent(), "OLLAMA_API_KEY goes to an https host");
    }

    @Test
    void ourKeyInClearTextToAnotherMachineIsSentWithOneWarning() throws Exception {
        // settings only: nothing connects to the named host
        LlmConfig remote = TestConfigs.isolated().environment(Map.of("OLLAMA_HOST", "http://gpu-box:11434",
                "FUTURNAL_OLLAMA_API_KEY", TOKEN)).build();
        assertTrue(OllamaSettings.from(remote).token().isPresent(), "the user asked for it");
        OllamaSettings.from(remote);
        String logged = DebugLog.read();
        String warning = "FUTURNAL_OLLAMA_API_KEY is sent in clear text to http://gpu-box:11434";
        assertEquals(1, logged.split(java.util.regex.Pattern.quote(warning), -1).length - 1, "warned once: " + logged);
        assertFalse(logged.contains(TOKEN));
    }
}
