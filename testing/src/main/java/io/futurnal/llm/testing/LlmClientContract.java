package io.futurnal.llm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.Think;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.ToolCall;
import io.futurnal.llm.ToolChoice;
import io.futurnal.llm.ToolDefinition;
import io.futurnal.llm.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * What every {@link LlmClient} must do, run by each backend on a model of its own: generation,
 * chat, streaming (plain and typed events), stop strings, token limits, seeded determinism,
 * cancellation from another thread, timeouts, JSON and JSON-schema output, tools (a call, a
 * tool-result round trip, tool choice none/required/named), reasoning, embeddings, images and the
 * typed errors. A capability the client lists in {@link LlmClient#capabilities()} must work; one it
 * does not list must fail with {@link UnsupportedCapabilityException} naming it.
 *
 * <p>Extend it in a backend's tests, as LangChain4j's {@code AbstractChatModelIT} is extended:
 * <pre>{@code
 * class OllamaContractTest extends LlmClientContract {
 *     protected LlmClient createClient() { ... a client on a fake or real server ... }
 *     protected Set<Capability> expectedCapabilities() { return Set.of(CHAT, TOOLS, ...); }
 * }
 * }</pre>
 *
 * <p>The model must be deterministic under {@link GenerationOptions#deterministic()} and answer
 * {@link #GENERATE_PROMPT} and {@link #chatMessages()} with at least eight tokens containing a word
 * of three letters or more past the first third of the text (for the stop-string check). With
 * {@link Capability#TOOLS}, it calls {@link #WEATHER} when asked about the weather in Paris, and
 * answers in text after a tool result. With {@link Capability#REASONING}, it reasons when
 * {@link Think#ON} is asked for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LlmClientContract {

    /** The prompt of the generate checks. */
    public static final String GENERATE_PROMPT = "Once upon a time";

    /** The user message of the tool checks. */
    public static final String WEATHER_QUESTION = "What is the weather in Paris? Use the get_weather tool.";

    /** The tool the model is expected to call. */
    public static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "Current weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

    /** A second tool, the target of the named tool choice. */
    public static final ToolDefinition TIME = ToolDefinition.of("get_time", "The local time", null);

    /** The schema of the JSON-schema check. */
    public static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}},"
            + "\"required\":[\"answer\"]}";

    private static final Duration CALL_LIMIT = Duration.ofSeconds(60);
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    private LlmClient client;

    /** The client under test; created once for the class and closed after it. */
    protected abstract LlmClient createClient();

    /** What the client must claim, so that a capability cannot disappear unnoticed. */
    protected abstract Set<Capability> expectedCapabilities();

    /** Whether the backend can force tool calls ({@link ToolChoice#REQUIRED}, named); when not, both must be refused typed. */
    protected boolean supportsForcedToolChoice() {
        return true;
    }

    /**
     * Whether the model follows the question to the tool it names. A toy model with constrained
     * decoding still makes a valid call of an offered tool, but may pick the other one.
     */
    protected boolean picksTheAskedTool() {
        return true;
    }

    /** The chat of the chat checks. */
    protected List<ChatMessage> chatMessages() {
        return List.of(ChatMessage.user("Tell me a story about the sky."));
    }

    @BeforeAll
    final void openClient() {
        client = createClient();
    }

    @AfterAll
    final void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    /** The client under test. */
    protected final LlmClient client() {
        return client;
    }

    @Test
    void claimsTheExpectedCapabilities() {
        assertEquals(expectedCapabilities(), client.capabilities());
        assertFalse(client.info().backend().isBlank());
    }

    @Test
    void generatesText() {
        GenerationResult r = within(() -> client.generate(GENERATE_PROMPT, plain(32)));
        assertFalse(r.text().isBlank(), "generate gave no text");
        assertTrue(r.finishReason() == FinishReason.STOP || r.finishReason() == FinishReason.LENGTH, r.finishReason()::toString);
        assertEquals(client.info().backend(), r.backend());
        assertTrue(r.toolCalls().isEmpty());
    }

    @Test
    void chatsOrRefusesTyped() {
        if (!claims(Capability.CHAT)) {
            expectUnsupported(Capability.CHAT, () -> client.chat(chatMessages(), plain(16)));
            return;
        }
        GenerationResult r = within(() -> client.chat(ChatRequest.of(chatMessages(), plain(32))));
        assertFalse(r.text().isBlank(), "chat gave no text");
        GenerationResult old = within(() -> client.chat(chatMessages(), plain(32)));
        assertEquals(r.text(), old.text(), "chat(List, options) and chat(ChatRequest) must agree");
    }

    @Test
    void streamsThePiecesOfTheWholeAnswer() {
        GenerationResult whole = within(() -> client.generate(GENERATE_PROMPT, plain(24)));
        StringBuilder pieces = new StringBuilder();
        GenerationResult streamed;
        try (TokenStream s = client.generateStream(GENERATE_PROMPT, plain(24))) {
            streamed = within(() -> s.forEachToken(pieces::append));
        }
        assertEquals(streamed.text(), pieces.toString());
        assertEquals(whole.text(), streamed.text(), "a stream and a whole call give the same deterministic text");

        RecordedEvents events = within(() -> RecordedEvents.read(client.generateStream(GENERATE_PROMPT, plain(24))));
        assertEquals(1, events.finishes(), "one finish event");
        assertEquals(whole.text(), events.joinedText());
        assertEquals(whole.text(), events.result().text());
    }

    @Test
    void stopsBeforeAStopString() {
        String text = within(() -> client.generate(GENERATE_PROMPT, plain(32))).text();
        Matcher word = Pattern.compile("[A-Za-z]{3,}").matcher(text);
        String stop = null;
        while (word.find()) {
            if (word.start() >= text.length() / 3) {
                stop = word.group();
                break;
            }
        }
        assumeTrue(stop != null, "the model's text has no word to stop at: " + text);
        String expected = text.substring(0, text.indexOf(stop));
        GenerationOptions withStop = plain(32).toBuilder().stop(stop).build();
        GenerationResult r = within(() -> client.generate(GENERATE_PROMPT, withStop));
        assertEquals(expected, r.text(), "the text up to the stop string '" + stop + "'");
        assertEquals(FinishReason.STOP, r.finishReason());
        try (TokenStream s = client.generateStream(GENERATE_PROMPT, withStop)) {
            assertEquals(expected, within(s::result).text(), "streamed, too");
        }
    }

    @Test
    void respectsTheTokenLimit() {
        GenerationResult r = within(() -> client.generate(GENERATE_PROMPT, plain(3)));
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertTrue(r.metrics().generatedTokens() <= 3, "generated " + r.metrics().generatedTokens() + " tokens");
        try (TokenStream s = client.generateStream(GENERATE_PROMPT, plain(3))) {
            assertEquals(FinishReason.LENGTH, within(s::result).finishReason());
        }
    }

    @Test
    void isDeterministicWithGreedyDecodingOrASeed() {
        assertEquals(within(() -> client.generate(GENERATE_PROMPT, plain(24))).text(),
                within(() -> client.generate(GENERATE_PROMPT, plain(24))).text());
        GenerationOptions seeded = plain(24).toBuilder().temperature(0.9).seed(7L).build();
        assertEquals(within(() -> client.generate(GENERATE_PROMPT, seeded)).text(),
                within(() -> client.generate(GENERATE_PROMPT, seeded)).text());
    }

    @Test
    void cancelsFromAnotherThread() throws InterruptedException {
        try (TokenStream s = client.generateStream(GENERATE_PROMPT, plain(200))) {
            assertTrue(within(s::hasNext), "the stream gave nothing before the cancel");
            s.next();
            Thread canceller = new Thread(s::cancel, "contract-cancel");
            canceller.start();
            canceller.join(10_000);
            assertFalse(canceller.isAlive(), "cancel() blocked");
            assertFalse(within(s::hasNext), "the stream went on after cancel()");
            assertTrue(s.isCancelled());
            assertEquals(FinishReason.CANCELLED, s.result().finishReason());
        }
    }

    @Test
    void timesOutTyped() {
        GenerationOptions tight = plain(200).toBuilder().timeout(Duration.ofMillis(1)).build();
        try (TokenStream s = client.generateStream(GENERATE_PROMPT, tight)) {
            assertThrows(LlmTimeoutException.class, () -> within(s::result));
        }
    }

    @Test
    void answersInJsonOrRefusesTyped() {
        GenerationOptions json = plain(256).toBuilder().format(ResponseFormat.JSON).build();
        if (!claims(Capability.JSON_FORMAT)) {
            expectUnsupported(Capability.JSON_FORMAT, () -> client.generate(GENERATE_PROMPT, json));
            return;
        }
        assertJsonOrCutAtTheLimit(within(() -> client.generate(GENERATE_PROMPT, json)));
    }

    @Test
    void answersToASchemaOrRefusesTyped() {
        GenerationOptions schema = plain(96).toBuilder().format(ResponseFormat.jsonSchema(SCHEMA)).build();
        if (!claims(Capability.JSON_SCHEMA)) {
            expectUnsupported(Capability.JSON_SCHEMA, () -> client.generate(GENERATE_PROMPT, schema));
            return;
        }
        LlmAssertions.assertMatchesSchema(within(() -> client.generate(GENERATE_PROMPT, schema)), SCHEMA);
    }

    @Test
    void callsAToolOrRefusesTyped() {
        ChatRequest ask = weatherRequest(ToolChoice.AUTO);
        if (!claims(Capability.TOOLS)) {
            expectUnsupported(Capability.TOOLS, () -> client.chat(ask));
            expectUnsupported(Capability.TOOLS, () -> client.chatStream(ask).close());
            return;
        }
        GenerationResult r = within(() -> client.chat(ask));
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        ToolCall call = r.toolCalls().get(0);
        assertTrue(call.isValid(), () -> call.problem().orElse(""));
        if (picksTheAskedTool()) {
            assertEquals("get_weather", call.name());
            assertTrue(call.arguments().get("city") instanceof String, call::toString);
        } else {
            assertTrue(List.of(WEATHER.name(), TIME.name()).contains(call.name()), call::toString);
        }

        RecordedEvents events = within(() -> RecordedEvents.read(client.chatStream(ask)));
        assertEquals(FinishReason.TOOL_CALLS, events.result().finishReason());
        List<ToolCall> streamed = events.toolCalls();
        assertEquals(r.toolCalls().stream().map(ToolCall::name).toList(), streamed.stream().map(ToolCall::name).toList());
        assertEquals(call.arguments(), streamed.get(0).arguments());
    }

    @Test
    void sendsAToolResultBackAndGetsText() {
        assumeTrue(claims(Capability.TOOLS), "no TOOLS capability (its refusal is checked by callsAToolOrRefusesTyped)");
        ChatRequest ask = weatherRequest(ToolChoice.AUTO);
        GenerationResult first = within(() -> client.chat(ask));
        ToolCall call = first.toolCalls().get(0);
        ChatRequest next = ask.appending(ChatMessage.assistant(first), ChatMessage.toolResult(call, "{\"celsius\":18}"));
        GenerationResult answer = within(() -> client.chat(next));
        assertFalse(answer.text().isBlank(), "no text after the tool result");
        assertTrue(answer.toolCalls().isEmpty(), "called a tool again: " + answer.toolCalls());
        // a toy model may talk until the token limit; what matters is a text answer, not a call
        assertTrue(answer.finishReason() == FinishReason.STOP || answer.finishReason() == FinishReason.LENGTH,
                "finish reason " + answer.finishReason());
    }

    @Test
    void honoursToolChoice() {
        assumeTrue(claims(Capability.TOOLS), "no TOOLS capability (its refusal is checked by callsAToolOrRefusesTyped)");
        GenerationResult none = within(() -> client.chat(weatherRequest(ToolChoice.NONE)));
        assertTrue(none.toolCalls().isEmpty(), "tool choice none, but called " + none.toolCalls());
        assertFalse(none.text().isBlank());
        ChatRequest required = weatherRequest(ToolChoice.REQUIRED);
        ChatRequest named = weatherRequest(ToolChoice.named(TIME.name()));
        if (!supportsForcedToolChoice()) {
            expectUnsupported(Capability.TOOLS, () -> client.chat(required));
            expectUnsupported(Capability.TOOLS, () -> client.chat(named));
            return;
        }
        assertFalse(within(() -> client.chat(required)).toolCalls().isEmpty(), "tool choice required, but no call");
        List<ToolCall> calls = within(() -> client.chat(named)).toolCalls();
        assertFalse(calls.isEmpty(), "a named tool choice, but no call");
        calls.forEach(c -> assertEquals(TIME.name(), c.name()));
    }

    @Test
    void reasonsApartFromTheAnswerOrRefusesTyped() {
        GenerationOptions think = plain(64).toBuilder().think(Think.ON).build();
        if (!claims(Capability.REASONING)) {
            expectUnsupported(Capability.REASONING, () -> client.generate(GENERATE_PROMPT, think));
            if (claims(Capability.CHAT)) {
                expectUnsupported(Capability.REASONING, () -> client.chat(ChatRequest.of(chatMessages(), think)));
                expectUnsupported(Capability.REASONING, () -> client.chat(chatMessages(), think));
            }
            return;
        }
        GenerationResult r = within(() -> client.chat(ChatRequest.of(chatMessages(), think)));
        assertFalse(r.reasoning().isBlank(), "thinking was asked for, but no reasoning came");
        assertFalse(r.text().contains(r.reasoning()), "the reasoning leaked into the answer");
        RecordedEvents events = within(() -> RecordedEvents.read(client.chatStream(ChatRequest.of(chatMessages(), think))));
        assertEquals(events.result().reasoning(), events.joinedReasoning());
        assertEquals(r.reasoning(), events.joinedReasoning());
    }

    @Test
    void embedsOrRefusesTyped() {
        if (!claims(Capability.EMBEDDINGS)) {
            expectUnsupported(Capability.EMBEDDINGS, () -> client.embed(List.of("the sky")));
            return;
        }
        EmbeddingResult r = within(() -> client.embed(List.of("the sky", "the sea")));
        assertEquals(2, r.vectors().size());
        assertEquals(r.vectors().get(0).length, r.vectors().get(1).length);
        assertTrue(r.vectors().get(0).length > 0);
        assertNotEquals(0.0, norm(r.vectors().get(0)), "a zero vector");
    }

    @Test
    void takesImagesOrRefusesTyped() {
        assumeTrue(claims(Capability.CHAT), "no chat, so no images");
        List<ChatMessage> withImage = List.of(ChatMessage.user("What is in this picture?").withImage(PNG));
        if (!claims(Capability.IMAGES)) {
            expectUnsupported(Capability.IMAGES, () -> client.chat(withImage, plain(16)));
            return;
        }
        assertFalse(within(() -> client.chat(withImage, plain(16))).text().isBlank());
    }

    @Test
    void rejectsMalformedRequestsTyped() {
        assertThrows(InvalidRequestException.class, () -> client.chat(List.of(), plain(8)));
        assertThrows(InvalidRequestException.class, () -> client.chat(ChatRequest.builder().message(ChatMessage.user("x"))
                .toolChoice(ToolChoice.REQUIRED).build()));
        assertThrows(InvalidRequestException.class, () -> client.generate(GENERATE_PROMPT, plain(8).toBuilder().maxTokens(0).build()));
    }

    /** Deterministic, at most {@code maxTokens}, and thinking off where the client can think (so limits count the answer). */
    protected final GenerationOptions plain(int maxTokens) {
        GenerationOptions.Builder b = GenerationOptions.deterministic().toBuilder().maxTokens(maxTokens);
        if (claims(Capability.REASONING)) {
            b.think(Think.OFF);
        }
        return b.build();
    }

    /** Whether the client lists {@code capability}. */
    protected final boolean claims(Capability capability) {
        return client.capabilities().contains(capability);
    }

    private ChatRequest weatherRequest(ToolChoice choice) {
        return ChatRequest.builder().message(ChatMessage.user(WEATHER_QUESTION)).tool(WEATHER).tool(TIME)
                .toolChoice(choice).options(plain(64)).build();
    }

    /**
     * One JSON value, or, when the token limit ended the answer, the start of one: every token
     * legal so far. (RFC 8259 allows repeated keys, which grammar-constrained toy models write, so
     * they are not checked; {@link LlmAssertions#assertJson} is stricter.)
     */
    private static void assertJsonOrCutAtTheLimit(GenerationResult r) {
        String text = r.text();
        boolean complete = false;
        try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(text)) {
            for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (complete) {
                    throw new AssertionError("more than one JSON value from " + r.backend() + ":\n" + text);
                }
                complete = p.getParsingContext().inRoot();
            }
        } catch (com.fasterxml.jackson.core.io.JsonEOFException cut) {
            assertEquals(FinishReason.LENGTH, r.finishReason(), "the JSON is cut short, but the finish reason is not LENGTH:\n" + text);
            return;
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON from " + r.backend() + ": " + e.getMessage() + "\n" + text, e);
        }
        assertTrue(complete, "no JSON value from " + r.backend() + ": '" + text + "'");
    }

    private static void expectUnsupported(Capability capability, Executable call) {
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, call,
                capability + " is not claimed, so asking for it must fail typed");
        assertEquals(capability, e.capability(), e.getMessage());
    }

    private static <T> T within(Supplier<T> call) {
        return assertTimeout(CALL_LIMIT, call::get, "the call took longer than " + CALL_LIMIT);
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    /** {@code Set.of} for subclasses' {@link #expectedCapabilities()}. */
    protected static Set<Capability> capabilities(Capability... capabilities) {
        return Set.of(capabilities);
    }
}
