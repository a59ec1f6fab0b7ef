package io.futurnal.llm.spi.json;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.Role;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.ToolCall;
import io.futurnal.llm.ToolChoice;
import io.futurnal.llm.ToolDefinition;
import io.futurnal.llm.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool calling for backends that run the model themselves and constrain its output: the tools are
 * described in a system message, and a call is decoded as JSON matching
 * {@code {"name": <a tool>, "arguments": <that tool's parameters>}}, so even a weak model can only
 * produce a call that parses and validates. With {@link ToolChoice.Mode#AUTO} the model calls a tool,
 * except right after a tool result, when it answers in text; {@code REQUIRED} and a named tool always
 * call, {@code NONE} never does. One call per reply.
 */
public final class ToolPrompting {

    private ToolPrompting() {
    }

    /** Whether the reply to {@code request} is decoded as a tool call (otherwise as text). */
    public static boolean callsATool(ChatRequest request) {
        ToolChoice.Mode mode = request.toolChoice().mode();
        if (request.tools().isEmpty() || mode == ToolChoice.Mode.NONE) {
            return false;
        }
        List<ChatMessage> messages = request.messages();
        return mode != ToolChoice.Mode.AUTO || messages.get(messages.size() - 1).role() != Role.TOOL;
    }

    /** The options of a tool-call reply: the request's, with the output held to {@link #callSchema}. */
    public static io.futurnal.llm.GenerationOptions callOptions(ChatRequest request) {
        return request.options().toBuilder().format(ResponseFormat.jsonSchema(callSchema(request))).build();
    }

    /** The JSON Schema of one call of an allowed tool: its name as a constant and its parameters. */
    public static String callSchema(ChatRequest request) {
        List<Object> options = new ArrayList<>();
        for (ToolDefinition tool : request.tools()) {
            if (request.toolChoice().mode() == ToolChoice.Mode.NAMED && !tool.name().equals(request.toolChoice().toolName())) {
                continue;
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("name", Map.of("const", tool.name()));
            properties.put("arguments", tool.parametersSchema());
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("type", "object");
            call.put("properties", properties);
            call.put("required", List.of("name", "arguments"));
            options.add(call);
        }
        return Json.write(options.size() == 1 ? options.get(0) : Map.of("anyOf", options));
    }

    /**
     * The conversation in the roles every chat template knows (system, user, assistant): the tools
     * and how to call them in a system message, earlier calls as the assistant's JSON, and tool
     * results as user messages naming the tool.
     */
    public static List<ChatMessage> plainMessages(ChatRequest request) {
        List<ChatMessage> out = new ArrayList<>();
        StringBuilder system = new StringBuilder();
        if (request.options().systemPrompt() != null) {
            system.append(request.options().systemPrompt());
        }
        if (!request.tools().isEmpty() && request.toolChoice().mode() != ToolChoice.Mode.NONE) {
            system.append(system.length() == 0 ? "" : "\n\n").append(instructions(request.tools()));
        }
        for (ChatMessage m : request.messages()) {
            if (m.role() == Role.SYSTEM) {
                system.append(system.length() == 0 ? "" : "\n\n").append(m.content());
            } else if (m.role() == Role.TOOL) {
                out.add(ChatMessage.user("Result of the tool " + (m.toolName() == null ? m.toolCallId() : m.toolName())
                        + ": " + m.content()));
            } else if (!m.toolCalls().isEmpty()) {
                StringBuilder calls = new StringBuilder(m.content());
                for (ToolCall call : m.toolCalls()) {
                    calls.append(calls.length() == 0 ? "" : "\n").append(callText(call));
                }
                out.add(ChatMessage.assistant(calls.toString()));
            } else {
                out.add(m);
            }
        }
        if (system.length() > 0) {
            out.add(0, ChatMessage.system(system.toString()));
        }
        return out;
    }

    /** A plain-text transcript of {@code messages} ending with the assistant's turn, for a model without a chat template. */
    public static String transcript(List<ChatMessage> messages) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : messages) {
            String who = m.role() == Role.SYSTEM ? "System" : m.role() == Role.ASSISTANT ? "Assistant" : "User";
            out.append(who).append(": ").append(m.content()).append("\n\n");
        }
        return out.append("Assistant:").toString();
    }

    /**
     * A stream that reads {@code inner}, a reply decoded under {@link #callSchema}, and reports it as
     * one tool call (finish reason {@code TOOL_CALLS}) instead of text. A call cut short by the
     * token limit raises {@link io.futurnal.llm.IncompleteOutputException}.
     */
    public static TokenStream asToolCall(TokenStream inner, ChatRequest request, String backend, String model) {
        return new ToolCallStream(inner, request, backend, model);
    }

    private static String instructions(List<ToolDefinition> tools) {
        StringBuilder out = new StringBuilder("You can call these tools. To call one, reply with only a JSON object "
                + "{\"name\": the tool's name, \"arguments\": an object of its arguments}.\nTools:");
        for (ToolDefinition tool : tools) {
            out.append("\n- ").append(tool.name());
            if (!tool.description().isBlank()) {
                out.append(": ").append(tool.description());
            }
            out.append(" Arguments schema: ").append(Json.write(tool.parametersSchema()));
        }
        return out.toString();
    }

    private static String callText(ToolCall call) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", call.name());
        out.put("arguments", call.isValid() ? call.arguments() : call.rawArguments());
        return Json.write(out);
    }
}
