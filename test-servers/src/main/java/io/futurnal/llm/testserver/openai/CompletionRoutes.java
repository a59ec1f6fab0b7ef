package io.futurnal.llm.testserver.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.Responder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}, streamed as vLLM streams
 * them: one {@code data:} event per chunk, the first chat chunk carrying the assistant role, the
 * last piece carrying {@code finish_reason}, a usage chunk with empty {@code choices} when
 * {@code stream_options.include_usage} is set, then {@code data: [DONE]}.
 */
final class CompletionRoutes {

    /** The content type of a vLLM stream. */
    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private final FakeOpenAiServer server;

    CompletionRoutes(FakeOpenAiServer server) {
        this.server = server;
    }

    void register() {
        server.openAiRoute("POST", "/v1/chat/completions", this::chat);
        server.openAiRoute("POST", "/v1/completions", this::completion);
    }

    private void chat(RecordedRequest request, Responder out) throws IOException, OpenAiFailure {
        JsonNode body = VllmRequests.body(request);
        ServedModel model = server.modelFor(body.path("model"));
        boolean stream = VllmRequests.stream(body);
        int maxTokens = VllmRequests.sampling(body);
        List<String> texts = new ArrayList<>();
        String lastUser = VllmRequests.messages(body.path("messages"), texts);
        ScriptedAnswer answer = ScriptedAnswer.plan(model, String.join(" ", texts), lastUser, maxTokens,
                VllmRequests.stops(body.path("stop")));
        String id = "chatcmpl-" + server.nextId();
        long created = server.created();
        if (!stream) {
            ObjectNode whole = VllmJson.head(id, "chat.completion", created, model.id());
            ObjectNode choice = whole.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.putNull("reasoning_content");
            message.put("content", answer.text());
            message.putArray("tool_calls");
            choice.putNull("logprobs");
            choice.put("finish_reason", answer.finishReason);
            choice.putNull("stop_reason");
            whole.set("usage", VllmJson.usage(answer.promptTokens, answer.pieces.size()));
            whole.putNull("prompt_logprobs");
            out.json(200, VllmJson.write(whole));
            return;
        }
        List<String> events = new ArrayList<>();
        ObjectNode first = VllmJson.head(id, "chat.completion.chunk", created, model.id());
        ObjectNode roleChoice = first.putArray("choices").addObject();
        roleChoice.put("index", 0);
        roleChoice.putObject("delta").put("role", "assistant").put("content", "");
        roleChoice.putNull("logprobs");
        roleChoice.putNull("finish_reason");
        events.add(event(first));
        List<String> pieces = answer.pieces.isEmpty() ? List.of("") : answer.pieces;
        for (int i = 0; i < pieces.size(); i++) {
            ObjectNode chunk = VllmJson.head(id, "chat.completion.chunk", created, model.id());
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("delta").put("content", pieces.get(i));
            choice.putNull("logprobs");
            finish(choice, i == pieces.size() - 1 ? answer.finishReason : null);
            events.add(event(chunk));
        }
        finishStream(events, body, id, "chat.completion.chunk", created, model, answer);
        out.stream(EVENT_STREAM, events.iterator());
    }

    private void completion(RecordedRequest request, Responder out) throws IOException, OpenAiFailure {
        JsonNode body = VllmRequests.body(request);
        ServedModel model = server.modelFor(body.path("model"));
        boolean stream = VllmRequests.stream(body);
        int maxTokens = VllmRequests.sampling(body);
        String prompt = VllmRequests.prompt(body.path("prompt"));
        ScriptedAnswer answer = ScriptedAnswer.plan(model, prompt, prompt, maxTokens, VllmRequests.stops(body.path("stop")));
        String id = "cmpl-" + server.nextId();
        long created = server.created();
        if (!stream) {
            ObjectNode whole = VllmJson.head(id, "text_completion", created, model.id());
            ObjectNode choice = whole.putArray("choices").addObject();
            choice.put("index", 0);
            choice.put("text", answer.text());
            choice.putNull("logprobs");
            choice.put("finish_reason", answer.finishReason);
            choice.putNull("stop_reason");
            choice.putNull("prompt_logprobs");
            whole.set("usage", VllmJson.usage(answer.promptTokens, answer.pieces.size()));
            out.json(200, VllmJson.write(whole));
            return;
        }
        List<String> events = new ArrayList<>();
        List<String> pieces = answer.pieces.isEmpty() ? List.of("") : answer.pieces;
        for (int i = 0; i < pieces.size(); i++) {
            ObjectNode chunk = VllmJson.head(id, "text_completion", created, model.id());
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            choice.put("text", pieces.get(i));
            choice.putNull("logprobs");
            finish(choice, i == pieces.size() - 1 ? answer.finishReason : null);
            events.add(event(chunk));
        }
        finishStream(events, body, id, "text_completion", created, model, answer);
        out.stream(EVENT_STREAM, events.iterator());
    }

    private static void finish(ObjectNode choice, String reason) {
        if (reason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", reason);
        }
        choice.putNull("stop_reason");
    }

    private static void finishStream(List<String> events, JsonNode body, String id, String object, long created,
                                     ServedModel model, ScriptedAnswer answer) {
        if (VllmRequests.includeUsage(body)) {
            ObjectNode usage = VllmJson.head(id, object, created, model.id());
            usage.putArray("choices");
            usage.set("usage", VllmJson.usage(answer.promptTokens, answer.pieces.size()));
            events.add(event(usage));
        }
        events.add(FakeOpenAiServer.DONE_EVENT);
    }

    /** One SSE event; the responder adds the line break and this adds the blank line that ends it. */
    static String event(JsonNode data) {
        return "data: " + VllmJson.write(data) + "\n";
    }
}
