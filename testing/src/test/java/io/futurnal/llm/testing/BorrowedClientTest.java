package io.futurnal.llm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.ModelManagement;
import io.futurnal.llm.testing.fake.FakeBackend;
import io.futurnal.llm.testing.fake.FakeClient;
import io.futurnal.llm.testing.fake.FakeProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

class BorrowedClientTest {

    private static FakeClient embedder() {
        FakeBackend.reset();
        return (FakeClient) new FakeProvider().create(io.futurnal.llm.LlmConfig.builder().model("embedder").build());
    }

    @Test
    void callsGoToTheRealClient() {
        FakeClient real = embedder();
        LlmClient borrowed = new BorrowedClient(real);
        assertEquals(real.info(), borrowed.info());
        assertTrue(borrowed.capabilities().contains(Capability.EMBEDDINGS));
        assertEquals("fake reply to: hi", borrowed.generate("hi").text());
        assertEquals("fake reply to: yo", borrowed.chat(List.of(ChatMessage.user("yo")), LlmTestOptions.deterministic()).text());
        assertEquals(1, borrowed.embed(List.of("x")).vectors().size());
        assertEquals("LlmClient[fake, embedder]", borrowed.toString());
    }

    @Test
    void closeLeavesTheRealClientOpen() {
        FakeClient real = embedder();
        LlmClient borrowed = new BorrowedClient(real);
        borrowed.close();
        assertFalse(real.isClosed());
        assertEquals(0, FakeBackend.closed());
    }

    @Test
    void unwrapReachesTheBackendsTypesButNeverExposesTheRealClientAsAnLlmClient() {
        FakeClient real = embedder();
        LlmClient borrowed = new BorrowedClient(real);
        assertSame(real, borrowed.unwrap(FakeClient.class).orElseThrow());
        assertSame(borrowed, borrowed.unwrap(LlmClient.class).orElseThrow());
        assertTrue(borrowed.unwrap(ModelManagement.class).isEmpty());
    }

    @Test
    void requestsWithToolsReachTheRealClientsOwnChatRequestMethods() {
        FakeClient fake = embedder();
        java.util.List<io.futurnal.llm.ChatRequest> seen = new java.util.ArrayList<>();
        LlmClient real = new LlmClient() {
            @Override
            public io.futurnal.llm.BackendInfo info() {
                return fake.info();
            }

            @Override
            public java.util.Set<Capability> capabilities() {
                return java.util.Set.of(Capability.TOOLS);
            }

            @Override
            public io.futurnal.llm.TokenStream generateStream(String prompt, io.futurnal.llm.GenerationOptions options) {
                return fake.generateStream(prompt, options);
            }

            @Override
            public io.futurnal.llm.TokenStream chatStream(List<ChatMessage> messages, io.futurnal.llm.GenerationOptions options) {
                throw new AssertionError("the request lost its tools on the way");
            }

            @Override
            public io.futurnal.llm.TokenStream chatStream(io.futurnal.llm.ChatRequest request) {
                seen.add(request);
                return fake.chatStream(request.messages(), request.options());
            }

            @Override
            public void close() {
            }
        };
        io.futurnal.llm.ChatRequest request = io.futurnal.llm.ChatRequest.builder().message(ChatMessage.user("yo"))
                .tool(LlmClientContract.WEATHER).build();
        assertEquals("fake reply to: yo", new BorrowedClient(real).chat(request).text());
        assertEquals(List.of(request), seen);
    }
}
