package io.futurnal.llm.openai;

import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.testserver.openai.FakeOpenAiServer;
import java.util.Map;

/** Configurations for tests: no real environment or system property leaks in. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** A configuration holding only {@code keyValues} (key, value, key, value, ...). */
    static LlmConfig of(String... keyValues) {
        LlmConfig.Builder b = LlmConfig.builder().environment(Map.of()).systemProperties(Map.of());
        for (int i = 0; i < keyValues.length; i += 2) {
            b.set(keyValues[i], keyValues[i + 1]);
        }
        return b.build();
    }

    /** A configuration pointing the openai backend at {@code server}, plus {@code keyValues}. */
    static LlmConfig forServer(FakeOpenAiServer server, String... keyValues) {
        String[] all = new String[keyValues.length + 2];
        all[0] = OpenAiSettings.BASE_URL.name();
        all[1] = server.openAiBaseUrl().toString();
        System.arraycopy(keyValues, 0, all, 2, keyValues.length);
        return of(all);
    }

    /** A client on {@code server}. */
    static OpenAiClient client(FakeOpenAiServer server, String... keyValues) {
        return (OpenAiClient) new OpenAiProvider().create(forServer(server, keyValues));
    }
}
