package io.futurnal.llm.testserver.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import java.util.Optional;

/**
 * Tools in a fake chat: the {@code tools} a request offers, the {@code tool_calls} of its history,
 * and the scripted calls and tool-result answers of a {@link ScriptedModel}, in Ollama's wire form
 * ({@code {"id","function":{"index","name","arguments":{...}}}}, arguments as an object).
 */
final class ChatTools {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatTools() {
    }

    /** The names of the offered tools; rejects what Go's decoder would. */
    static List<String> offered(JsonNode tools) throws OllamaError {
        List<String> names = new ArrayList<>();
        if (tools.isMissingNode() || tools.isNull()) {
            return names;
        }
        if (!tools.isArray()) {
            throw RequestChecks.typeError(tools, "ChatRequest", "tools", "api.Tools");
        }
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            if (!tool.isObject() || !function.isObject()) {
                throw RequestChecks.typeError(tool, "ChatRequest", "tools", "api.Tool");
            }
            String name = RequestChecks.string(function, "name", "ToolFunction");
            if (!function.path("parameters").isMissingNode() && !function.path("parameters").isObject()) {
                throw RequestChecks.typeError(function.path("parameters"), "ToolFunction", "parameters", "struct");
            }
            names.add(name);
        }
        return names;
    }

    /** Checks a history message's {@code tool_calls}: arguments must be an object, as Ollama's Go types require. */
    static void checkCalls(JsonNode calls) throws OllamaError {
        if (calls.isMissingNode() || calls.isNull()) {
            return;
        }
        if (!calls.isArray()) {
            throw RequestChecks.typeError(calls, "Message", "tool_calls", "[]api.ToolCall");
        }
        for (JsonNode call : calls) {
            JsonNode arguments = call.path("function").path("arguments");
            if (!arguments.isMissingNode() && !arguments.isObject()) {
                throw RequestChecks.typeError(arguments, "ToolCallFunction", "arguments", "api.ToolCallFunctionArguments");
            }
        }
    }

    /** The last message when it is a tool result. */
    static Optional<JsonNode> lastToolResult(JsonNode messages) {
        if (!messages.isArray() || messages.isEmpty()) {
            return Optional.empty();
        }
        JsonNode last = messages.get(messages.size() - 1);
        return "tool".equals(last.path("role").asText()) ? Optional.of(last) : Optional.empty();
    }

    /** What the model answers to a tool result: {@code Tool <name> said: <content>}. */
    static String resultAnswer(JsonNode toolMessage) {
        String name = toolMessage.path("tool_name").asText("");
        return "Tool " + (name.isEmpty() ? "(unnamed)" : name) + " said: " + toolMessage.path("content").asText("");
    }

    /** The model's scripted calls of the offered tools, in the order they were offered. */
    static List<ObjectNode> calls(ScriptedModel model, List<String> offered) {
        List<ObjectNode> calls = new ArrayList<>();
        for (String name : offered) {
            String arguments = model.toolCalls().get(name);
            if (arguments == null) {
                continue;
            }
            ObjectNode call = JSON.createObjectNode();
            call.put("id", "call_" + Integer.toHexString((model.name() + name).hashCode() & 0xfffffff) + calls.size());
            ObjectNode function = call.putObject("function");
            function.put("index", calls.size());
            function.put("name", name);
            try {
                function.set("arguments", JSON.readTree(arguments));
            } catch (IOException e) {
                throw new IllegalArgumentException("the scripted arguments of " + name + " are not JSON: " + arguments, e);
            }
            calls.add(call);
        }
        return calls;
    }

    /** Puts {@code calls} into the chunk's message as {@code tool_calls}; returns the chunk. */
    static ObjectNode attach(ObjectNode chunk, List<ObjectNode> calls) {
        if (!calls.isEmpty()) {
            ArrayNode array = ((ObjectNode) chunk.get("message")).putArray("tool_calls");
            calls.forEach(array::add);
        }
        return chunk;
    }

}
