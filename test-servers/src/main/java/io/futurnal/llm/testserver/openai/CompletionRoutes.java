package io.futurnal.llm.testserver.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.futurnal.llm.testserver.ScriptedPieces;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.Responder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}, streamed as vLLM streams
 * them: one {@code data:} event per chunk, the first chat chunk carrying the assistant role, the
 * last piece carrying {@code finish_reason}, a usage chunk with empty {@code choices} when
 * {@code stream_options.include_usage} is set, then {@code data: [DONE]}. Reasoning streams as
 * {@code delta.reasoning_content} before the content; tool calls as {@code delta.tool_calls}
 * fragments keyed by {@code index} (id, type and name first, then argument pieces), ending with
 * {@code finish_reason: "tool_calls"}.
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
        JsonNode messages = body.path("messages");
        String lastUser = VllmRequests.messages(messages, texts);
        List<String> offered = VllmTools.offered(body);
        VllmTools.Choice choice = VllmTools.choice(body, offered);
        boolean parallel = VllmTools.parallel(body);
        List<String> reasoning = VllmTools.thinking(body) ? model.reasoning() : List.of();
        Optional<String> toolAnswer = VllmTools.toolResultAnswer(messages);
        Map<String, String> calls = toolAnswer.isPresent() ? Map.of() : VllmTools.calls(model, choice, parallel);
        ServedModel answering = toolAnswer.map(a -> new ServedModel(model.id(), ScriptedPieces.words(a), false, 0,
                model.maxModelLen(), null, null)).orElse(model);
        ScriptedAnswer answer = calls.isEmpty()
                ? ScriptedAnswer.plan(answering, String.join(" ", texts), lastUser, maxTokens, VllmRequests.stops(body.path("stop")))
                : ScriptedAnswer.plan(ServedModel.of(model.id()), String.join(" ", texts), lastUser, maxTokens, List.of());
        String finishReason = calls.isEmpty() ? answer.finishReason : "tool_calls";
        int completionTokens = answer.pieces.size() + reasoning.size() + calls.size();
        String id = "chatcmpl-" + server.nextId();
        long created = server.created();
        if (!stream) {
            ObjectNode whole = VllmJson.head(id, "chat.completion", created, model.id());
            ObjectNode choiceNode = whole.putArray("choices").addObject();
            choiceNode.put("index", 0);
            ObjectNode message = choiceNode.putObject("message");
            message.put("role", "assistant");
            if (reasoning.isEmpty()) {
                message.putNull("reasoning_content");
            } else {
                message.put("reasoning_content", String.join("", reasoning));
            }
            if (calls.isEmpty()) {
                message.put("content", answer.text());
            } else {
                message.putNull("content");
            }
            ArrayNode toolCalls = message.putArray("tool_calls");
            int i = 0;
            for (Map.Entry<String, String> call : calls.entrySet()) {
                ObjectNode c = toolCalls.addObject();
                c.put("id", callId(id, i++));
                c.put("type", "function");
                c.putObject("function").put("name", call.getKey()).put("arguments", call.getValue());
            }
            choiceNode.putNull("logprobs");
            choiceNode.put("finish_reason", finishReason);
            choiceNode.putNull("stop_reason");
            whole.set("usage", VllmJson.usage(answer.promptTokens, completionTokens));
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
        for (String piece : reasoning) {
            events.add(event(chatChunk(id, created, model, delta -> delta.put("reasoning_content", piece), null)));
        }
        if (calls.isEmpty()) {
            List<String> pieces = answer.pieces.isEmpty() ? List.of("") : answer.pieces;
            for (int i = 0; i < pieces.size(); i++) {
                String piece = pieces.get(i);
                events.add(event(chatChunk(id, created, model, delta -> delta.put("content", piece),
                        i == pieces.size() - 1 ? finishReason : null)));
            }
        } else {
            int index = 0;
            for (Map.Entry<String, String> call : calls.entrySet()) {
                int at = index++;
                events.add(event(chatChunk(id, created, model, delta -> {
                    ObjectNode c = delta.putArray("tool_calls").addObject();
                    c.put("index", at);
                    c.put("id", callId(id, at));
                    c.put("type", "function");
                    c.putObject("function").put("name", call.getKey()).put("arguments", "");
                }, null)));
                for (String fragment : VllmTools.fragments(call.getValue())) {
                    events.add(event(chatChunk(id, created, model, delta -> delta.putArray("tool_calls").addObject()
                            .put("index", at).putObject("function").put("arguments", fragment), null)));
                }
            }
            events.add(event(chatChunk(id, created, model, delta -> { }, finishReason)));
        }
        finishStream(events, body, id, "chat.completion.chunk", created, model, answer.promptTokens, completionTokens);
        out.stream(EVENT_STREAM, events.iterator());
    }

    private static String callId(String completionId, int index) {
        return "chatcmpl-tool-" + completionId.substring(completionId.indexOf('-') + 1) + "-" + index;
    }

    private static ObjectNode chatChunk(String id, long created, ServedModel model, Consumer<ObjectNode> delta, String finishReason) {
        ObjectNode chunk = VllmJson.head(id, "chat.completion.chunk", created, model.id());
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        delta.accept(choice.putObject("delta"));
        choice.putNull("logprobs");
        finish(choice, finishReason);
        return chunk;
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
        finishStream(events, body, id, "text_completion", created, model, answer.promptTokens, answer.pieces.size());
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
                                     ServedModel model, int promptTokens, int completionTokens) {
        if (VllmRequests.includeUsage(body)) {
            ObjectNode usage = VllmJson.head(id, object, created, model.id());
            usage.putArray("choices");
            usage.set("usage", VllmJson.usage(promptTokens, completionTokens));
            events.add(event(usage));
        }
        events.add(FakeOpenAiServer.DONE_EVENT);
    }

    /** One SSE event; the responder adds the line break and this adds the blank line that ends it. */
    static String event(JsonNode data) {
        return "data: " + VllmJson.write(data) + "\n";
    }
}
