package io.futurnal.llm.testserver.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.Responder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import io.futurnal.llm.testserver.ScriptedPieces;

/** {@code POST /api/generate} and {@code POST /api/chat}. */
final class GenerationRoutes {

    private static final String NDJSON = "application/x-ndjson";

    private final FakeOllamaServer server;

    GenerationRoutes(FakeOllamaServer server) {
        this.server = server;
    }

    void register() {
        server.ollamaRoute("POST", "/api/generate", this::generate);
        server.ollamaRoute("POST", "/api/chat", this::chat);
    }

    private void generate(RecordedRequest request, Responder out) throws IOException, OllamaError {
        JsonNode body = RequestChecks.body(request);
        String asSent = RequestChecks.model(body, "GenerateRequest");
        String prompt = RequestChecks.string(body, "prompt", "GenerateRequest");
        String system = RequestChecks.string(body, "system", "GenerateRequest");
        RequestChecks.string(body, "suffix", "GenerateRequest");
        RequestChecks.string(body, "template", "GenerateRequest");
        boolean raw = RequestChecks.bool(body, "raw", "GenerateRequest", false);
        boolean stream = RequestChecks.bool(body, "stream", "GenerateRequest", true);
        RequestChecks.images(body.path("images"), "GenerateRequest");
        Duration keepAlive = RequestChecks.keepAlive(body);
        Boolean think = RequestChecks.think(body);
        ScriptedModel model = server.find(asSent).orElseThrow(() -> OllamaError.modelNotFound(asSent));
        boolean thinking = thinkingOn(model, asSent, think);
        if (!prompt.isEmpty() && !model.can("completion")) {
            throw OllamaError.badRequest("\"" + asSent + "\" does not support generate");
        }
        if (raw && (!system.isEmpty() || body.hasNonNull("template") || body.hasNonNull("context"))) {
            throw OllamaError.badRequest("raw mode does not support template, system, or context");
        }
        if (prompt.isEmpty()) {
            answerLoadOrUnload(out, model, asSent, keepAlive, false);
            return;
        }
        boolean truncate = RequestChecks.bool(body, "truncate", "GenerateRequest", true);
        boolean cold = server.load(model, keepAlive);
        ContextFit fit = ContextFit.fit(List.of("user"), List.of(system + " " + prompt), model, body.path("options"), truncate);
        GenerationScript script = GenerationScript.plan(model, fit.text(), fit.cut() ? fit.text() : prompt,
                body.path("options"), thinking, cold);
        finishCall(model, keepAlive);
        if (!stream) {
            ObjectNode whole = chunk(asSent);
            whole.put("response", String.join("", script.pieces));
            if (!script.thinking.isEmpty()) {
                whole.put("thinking", String.join("", script.thinking));
            }
            out.json(200, Wire.write(finalFields(whole, script, true)));
            return;
        }
        out.stream(NDJSON, lines(script, (piece, isThinking) -> {
            ObjectNode c = chunk(asSent);
            c.put("response", isThinking ? "" : piece);
            if (isThinking) {
                c.put("thinking", piece);
            }
            return c;
        }, null, () -> finalFields(chunk(asSent).put("response", ""), script, true)));
    }

    private void chat(RecordedRequest request, Responder out) throws IOException, OllamaError {
        JsonNode body = RequestChecks.body(request);
        String asSent = RequestChecks.model(body, "ChatRequest");
        boolean stream = RequestChecks.bool(body, "stream", "ChatRequest", true);
        boolean truncate = RequestChecks.bool(body, "truncate", "ChatRequest", true);
        Duration keepAlive = RequestChecks.keepAlive(body);
        Boolean think = RequestChecks.think(body);
        List<String> roles = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        JsonNode messages = body.path("messages");
        String lastUser = checkMessages(messages, roles, contents);
        List<String> offered = ChatTools.offered(body.path("tools"));
        ScriptedModel model = server.find(asSent).orElseThrow(() -> OllamaError.modelNotFound(asSent));
        if (!contents.isEmpty() && !model.can("completion")) {
            throw OllamaError.badRequest("\"" + asSent + "\" does not support chat");
        }
        if (!offered.isEmpty() && !model.can("tools")) {
            throw OllamaError.badRequest("registry.ollama.ai/library/" + model.name() + " does not support tools");
        }
        boolean thinking = thinkingOn(model, asSent, think);
        if (contents.isEmpty()) {
            answerLoadOrUnload(out, model, asSent, keepAlive, true);
            return;
        }
        boolean cold = server.load(model, keepAlive);
        Optional<JsonNode> lastToolResult = ChatTools.lastToolResult(messages);
        List<ObjectNode> calls = lastToolResult.isPresent() ? List.of() : ChatTools.calls(model, offered);
        ScriptedModel answering = lastToolResult.map(r -> model.withTokens(ScriptedPieces.words(ChatTools.resultAnswer(r))))
                .orElse(calls.isEmpty() ? model : model.withTokens(List.of()));
        ContextFit fit = ContextFit.fit(roles, contents, model, body.path("options"), truncate);
        GenerationScript script = GenerationScript.plan(answering, fit.text(), fit.cut() ? fit.text() : lastUser,
                body.path("options"), thinking, cold);
        finishCall(model, keepAlive);
        if (!stream) {
            ObjectNode whole = chatChunk(asSent, String.join("", script.pieces), String.join("", script.thinking));
            ChatTools.attach(whole, calls);
            out.json(200, Wire.write(finalFields(whole, script, false)));
            return;
        }
        ObjectNode callChunk = calls.isEmpty() ? null : ChatTools.attach(chatChunk(asSent, "", ""), calls);
        out.stream(NDJSON, lines(script,
                (piece, isThinking) -> isThinking ? chatChunk(asSent, "", piece) : chatChunk(asSent, piece, ""),
                callChunk, () -> finalFields(chatChunk(asSent, "", ""), script, false)));
    }

    /** Checks {@code messages} the way Go's decoder would; collects roles and contents; returns the last user message. */
    private static String checkMessages(JsonNode messages, List<String> roles, List<String> contents) throws OllamaError {
        if (messages.isMissingNode() || messages.isNull()) {
            return "";
        }
        if (!messages.isArray()) {
            throw RequestChecks.typeError(messages, "ChatRequest", "messages", "[]api.Message");
        }
        String lastUser = "";
        for (JsonNode m : messages) {
            if (!m.isObject()) {
                throw RequestChecks.typeError(m, "ChatRequest", "messages", "api.Message");
            }
            String role = RequestChecks.string(m, "role", "Message");
            String content = RequestChecks.string(m, "content", "Message");
            RequestChecks.images(m.path("images"), "Message");
            RequestChecks.string(m, "tool_name", "Message");
            RequestChecks.string(m, "thinking", "Message");
            ChatTools.checkCalls(m.path("tool_calls"));
            if (!List.of("system", "user", "assistant", "tool").contains(role)) {
                throw OllamaError.badRequest("invalid role: " + role);
            }
            roles.add(role);
            contents.add(content);
            if (role.equals("user")) {
                lastUser = content;
            }
        }
        return lastUser;
    }

    private boolean thinkingOn(ScriptedModel model, String asSent, Boolean think) throws OllamaError {
        if (model.can("thinking")) {
            return think == null || think;
        }
        if (Boolean.TRUE.equals(think)) {
            throw OllamaError.badRequest("\"" + asSent + "\" does not support thinking");
        }
        return false;
    }

    private void answerLoadOrUnload(Responder out, ScriptedModel model, String asSent, Duration keepAlive, boolean chat)
            throws IOException {
        boolean unload = keepAlive != null && keepAlive.isZero();
        if (unload) {
            server.unload(model);
        } else {
            server.load(model, keepAlive);
        }
        ObjectNode answer = chat ? chatChunk(asSent, "", "") : chunk(asSent).put("response", "");
        answer.put("done", true);
        answer.put("done_reason", unload ? "unload" : "load");
        out.json(200, Wire.write(answer));
    }

    private void finishCall(ScriptedModel model, Duration keepAlive) {
        if (keepAlive != null && keepAlive.isZero()) {
            server.unload(model);
        }
    }

    private static ObjectNode chunk(String model) {
        ObjectNode c = Wire.object();
        c.put("model", model);
        c.put("created_at", Wire.now());
        return c;
    }

    private static ObjectNode chatChunk(String model, String content, String thinking) {
        ObjectNode c = chunk(model);
        ObjectNode message = c.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        if (!thinking.isEmpty()) {
            message.put("thinking", thinking);
        }
        c.put("done", false);
        return c;
    }

    private static ObjectNode finalFields(ObjectNode c, GenerationScript s, boolean withContext) {
        c.put("done", true);
        c.put("done_reason", s.doneReason);
        if (withContext) {
            s.context().forEach(c.putArray("context")::add);
        }
        c.put("total_duration", s.totalNanos);
        c.put("load_duration", s.loadNanos);
        c.put("prompt_eval_count", s.promptTokens);
        c.put("prompt_eval_duration", s.promptEvalNanos);
        c.put("eval_count", s.evalCount());
        c.put("eval_duration", s.evalNanos);
        return c;
    }

    /** Builds one chunk from a piece; the flag says whether the piece is thinking. */
    @FunctionalInterface
    private interface ChunkMaker {
        ObjectNode make(String piece, boolean thinking);
    }

    /**
     * The stream's lines, made one at a time so that each carries a fresh {@code created_at}:
     * thinking, answer pieces, the tool calls in one chunk (when {@code calls} is not null), the final chunk.
     */
    private static Iterator<String> lines(GenerationScript s, ChunkMaker maker, ObjectNode calls,
                                          java.util.function.Supplier<ObjectNode> last) {
        return new Iterator<>() {
            private int next;
            private final int pieces = s.thinking.size() + s.pieces.size();
            private final int total = pieces + (calls == null ? 0 : 1) + 1;

            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                ObjectNode node;
                if (i < s.thinking.size()) {
                    node = maker.make(s.thinking.get(i), true);
                } else if (i < pieces) {
                    node = maker.make(s.pieces.get(i - s.thinking.size()), false);
                } else if (calls != null && i == pieces) {
                    node = calls;
                } else {
                    node = last.get();
                }
                if (!node.has("done")) {
                    node.put("done", false);
                }
                return Wire.write(node);
            }
        };
    }
}
