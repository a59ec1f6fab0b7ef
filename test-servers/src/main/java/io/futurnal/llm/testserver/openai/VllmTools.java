package io.futurnal.llm.testserver.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tools and reasoning in a fake chat completion, as vLLM takes them: the offered {@code tools},
 * {@code tool_choice}, {@code parallel_tool_calls}, {@code reasoning_effort} and
 * {@code chat_template_kwargs.enable_thinking}; and what a {@link ServedModel} calls or answers.
 */
final class VllmTools {

    private static final Set<String> EFFORTS = Set.of("low", "medium", "high");

    private VllmTools() {
    }

    /** The names of the offered tools, checked. */
    static List<String> offered(JsonNode body) throws OpenAiFailure {
        JsonNode tools = body.path("tools");
        List<String> names = new ArrayList<>();
        if (!VllmRequests.present(tools)) {
            return names;
        }
        if (!tools.isArray()) {
            throw OpenAiFailure.badRequest("tools", "tools must be a list");
        }
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            if (!"function".equals(tool.path("type").asText()) || !function.path("name").isTextual()) {
                throw OpenAiFailure.badRequest("tools", "each tool needs type 'function' and a function name");
            }
            if (VllmRequests.present(function.path("parameters")) && !function.path("parameters").isObject()) {
                throw OpenAiFailure.badRequest("tools", "function.parameters must be an object");
            }
            names.add(function.path("name").asText());
        }
        return names;
    }

    /**
     * The tools the model may call under {@code tool_choice}: all offered (auto, the default), none,
     * all and at least one (required), or the named one.
     */
    static Choice choice(JsonNode body, List<String> offered) throws OpenAiFailure {
        JsonNode choice = body.path("tool_choice");
        if (!VllmRequests.present(choice) || choice.asText().equals("auto")) {
            return new Choice(offered, false);
        }
        if (offered.isEmpty()) {
            throw OpenAiFailure.badRequest("tool_choice", "When using `tool_choice`, `tools` must be set.");
        }
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "none": return new Choice(List.of(), false);
                case "required": return new Choice(offered, true);
                default: throw OpenAiFailure.badRequest("tool_choice", "tool_choice must be auto, none, required or a named function");
            }
        }
        String name = choice.path("function").path("name").asText("");
        if (!"function".equals(choice.path("type").asText()) || !offered.contains(name)) {
            throw OpenAiFailure.badRequest("tool_choice", "the named tool_choice '" + name + "' is not among the tools");
        }
        return new Choice(List.of(name), true);
    }

    /**
     * The tools that may be called, and whether a call is required.
     *
     * @param callable the tools the model may call
     * @param required whether it must call one
     */
    record Choice(List<String> callable, boolean required) {
    }

    /** The calls the model makes: its scripted ones among the callable tools, or the first callable with {} when one is required. */
    static Map<String, String> calls(ServedModel model, Choice choice, boolean parallel) {
        Map<String, String> calls = new LinkedHashMap<>();
        for (String name : choice.callable()) {
            String arguments = model.toolCalls().get(name);
            if (arguments != null && (parallel || calls.isEmpty())) {
                calls.put(name, arguments);
            }
        }
        if (calls.isEmpty() && choice.required()) {
            calls.put(choice.callable().get(0), "{}");
        }
        return calls;
    }

    /** {@code parallel_tool_calls}, default true. */
    static boolean parallel(JsonNode body) throws OpenAiFailure {
        JsonNode p = body.path("parallel_tool_calls");
        if (VllmRequests.present(p) && !p.isBoolean()) {
            throw OpenAiFailure.badRequest("parallel_tool_calls", "parallel_tool_calls must be a boolean");
        }
        return p.asBoolean(true);
    }

    /** Whether the model reasons: unless {@code chat_template_kwargs.enable_thinking} is false; checks {@code reasoning_effort}. */
    static boolean thinking(JsonNode body) throws OpenAiFailure {
        JsonNode effort = body.path("reasoning_effort");
        if (VllmRequests.present(effort) && !EFFORTS.contains(effort.asText())) {
            throw OpenAiFailure.badRequest("reasoning_effort", "reasoning_effort must be low, medium or high, got " + effort);
        }
        return body.path("chat_template_kwargs").path("enable_thinking").asBoolean(true);
    }

    /** The last message's answer text when it is a tool result: {@code Tool <name> said: <content>}. */
    static Optional<String> toolResultAnswer(JsonNode messages) {
        JsonNode last = messages.get(messages.size() - 1);
        if (!"tool".equals(last.path("role").asText())) {
            return Optional.empty();
        }
        String id = last.path("tool_call_id").asText();
        String name = "(unknown call " + id + ")";
        for (JsonNode m : messages) {
            for (JsonNode call : m.path("tool_calls")) {
                if (id.equals(call.path("id").asText())) {
                    name = call.path("function").path("name").asText();
                }
            }
        }
        return Optional.of("Tool " + name + " said: " + last.path("content").asText(""));
    }

    /** Checks a history message's calls: an id, a function name, and arguments as a JSON string. */
    static void checkHistoryCalls(JsonNode calls) throws OpenAiFailure {
        for (JsonNode call : calls) {
            if (!call.path("id").isTextual() || !call.path("function").path("name").isTextual()
                    || !call.path("function").path("arguments").isTextual()) {
                throw OpenAiFailure.badRequest("messages", "each tool call needs an id, a function name and arguments as a JSON string");
            }
        }
    }

    /** The argument text cut into up to three fragments, as servers stream them. */
    static List<String> fragments(String arguments) {
        int n = arguments.length();
        List<String> out = new ArrayList<>();
        int step = Math.max(1, (n + 2) / 3);
        for (int i = 0; i < n; i += step) {
            out.add(arguments.substring(i, Math.min(n, i + step)));
        }
        return out;
    }
}
