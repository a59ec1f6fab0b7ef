package io.futurnal.llm.testing.samples;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.testing.fake.FakeBackend;
import io.futurnal.llm.testing.fake.FakeClient;

/** Lets a sample test write which fake client it was given into the event log. */
final class Seen {
    private Seen() {
    }

    static void client(String where, LlmClient client) {
        FakeClient fake = client.unwrap(FakeClient.class).orElseThrow(() -> new AssertionError("not a fake client: " + client));
        FakeBackend.log("test " + where + " #" + fake.serial());
    }
}
