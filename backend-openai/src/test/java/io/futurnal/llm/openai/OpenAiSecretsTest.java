package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.http.RetryPolicy;
import io.futurnal.llm.spi.ProbeResult;
import io.futurnal.llm.testserver.DebugLog;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.openai.FakeOpenAiServer;
import io.futurnal.llm.testserver.openai.ServedModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API key is sent with every call and appears nowhere else: not in messages, probe reasons or
 * string forms, and not in any log line at DEBUG, HttpClient's header and wire logs included
 * (surefire sends the module's log to target/test-debug.log), on success and on every failure.
 */
class OpenAiSecretsTest {

    private static final String TOKEN = "sk-openai-secret-4b8e1d77c0";
    private static final String MODEL = "m";

    @Test
    void theKeyIsSentAndNeverShownOnSuccessOrFailure() throws Exception {
        List<String> visible = new ArrayList<>();
        try (FakeOpenAiServer server = FakeOpenAiServer.start(ServedModel.of(MODEL, "one", " two", " three"))) {
            server.requireBearerToken(TOKEN);
            LlmConfig config = TestConfigs.forServer(server, LlmConfig.MODEL, MODEL, OpenAiSettings.API_KEY.name(), TOKEN,
                    RetryPolicy.RETRIES.name(), "0");
            try (OpenAiClient client = (OpenAiClient) new OpenAiProvider().create(config)) {
                assertEquals("one two three", client.generate("x").text());
                client.chat(List.of(ChatMessage.user("hi")), GenerationOptions.DEFAULTS, piece -> { });
                client.generate("x", GenerationOptions.DEFAULTS, piece -> { });
                visible.add(client.toString());
                visible.add(config.toString());

                String echo = "Incorrect API key provided: " + TOKEN;
                for (int status : new int[] {400, 401, 404, 429, 500, 503}) {
                    server.faults().next("/v1/completions", FakeOpenAiServer.error(status, "invalid_request_error", echo));
                    LlmException e = assertThrows(LlmException.class, () -> client.generate("x"));
                    visible.add(e.getMessage());
                    visible.add(String.valueOf(e.getCause()));
                }
                server.faults().next("/v1/completions", Fault.errorMidStream(1, echo));
                visible.add(assertThrows(LlmException.class,
                        () -> client.generate("x", GenerationOptions.DEFAULTS, piece -> { })).getMessage());
                server.faults().next("/v1/completions", Fault.status(500, "text/html", "<title>" + echo + "</title>"));
                visible.add(assertThrows(LlmException.class, () -> client.generate("x")).getMessage());
            }
            ProbeResult probe = new OpenAiProvider().probe(config);
            assertTrue(probe.available(), probe.reason());
            visible.add(probe.reason());
            server.faults().next("/v1/models", Fault.status(500, "text/plain", "upstream said " + TOKEN));
            ProbeResult failed = new OpenAiProvider().probe(config);
            assertFalse(failed.available());
            visible.add(failed.reason());
            for (RecordedRequest r : server.requests()) {
                assertEquals("Bearer " + TOKEN, r.header("Authorization").orElseThrow(), r.toString());
            }
        }
        for (String text : visible) {
            assertFalse(text.contains(TOKEN), "the key leaked into: " + text);
        }
        DebugLog.assertNeverHolds(TOKEN, "/v1/completions");
    }
}
