package io.futurnal.llm.cli;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.Role;
import io.futurnal.llm.ToolCall;
import io.futurnal.llm.ToolDefinition;
import io.futurnal.llm.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the chat command's files in the OpenAI/Ollama forms: a JSON array of tool definitions
 * ({@code {"type":"function","function":{name, description, parameters}}}) and a JSON-lines
 * conversation (one {@code {role, content, tool_calls, tool_call_id, name}} object per line).
 */
final class ConversationFiles {

    private ConversationFiles() {
    }

    /** The tools in {@code file}. */
    static List<ToolDefinition> tools(Path file) {
        Object root = parse(read(file), file + "");
        if (!(root instanceof List<?> items)) {
            throw new InvalidRequestException(file + " must hold a JSON array of tools, each {\"type\":\"function\",\"function\":{...}}");
        }
        List<ToolDefinition> tools = new ArrayList<>();
        for (Object item : items) {
            Map<?, ?> tool = object(item, file + ": each tool");
            Object function = tool.containsKey("function") ? tool.get("function") : tool;
            Map<?, ?> f = object(function, file + ": a tool's \"function\"");
            Object parameters = f.get("parameters");
            tools.add(ToolDefinition.of(string(f.get("name"), file + ": a tool's name"),
                    f.get("description") instanceof String d ? d : "", parameters == null ? null : Json.write(parameters)));
        }
        return tools;
    }

    /** The conversation in {@code file}, or on {@code stdin} when the file is {@code -}. */
    static List<ChatMessage> messages(String file, InputStream stdin) {
        List<ChatMessage> messages = new ArrayList<>();
        try (BufferedReader in = file.equals("-") ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (!line.isBlank()) {
                    messages.add(message(parse(line, file + " line " + number), file + " line " + number));
                }
            }
        } catch (IOException e) {
            throw new InvalidRequestException("cannot read the conversation " + file + ": " + e.getMessage(), e);
        }
        return messages;
    }

    private static ChatMessage message(Object value, String where) {
        Map<?, ?> m = object(value, where);
        String roleName = string(m.get("role"), where + ": \"role\"");
        Role role;
        try {
            role = Role.valueOf(roleName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(where + ": the role is system, user, assistant or tool; got '" + roleName + "'");
        }
        String content = m.get("content") instanceof String s ? s : "";
        List<ToolCall> calls = new ArrayList<>();
        if (m.get("tool_calls") instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> call = object(item, where + ": a tool call");
                Map<?, ?> f = object(call.get("function"), where + ": a tool call's \"function\"");
                Object arguments = f.get("arguments");
                String raw = arguments instanceof String s ? s : Json.write(arguments == null ? Map.of() : arguments);
                calls.add(ToolCall.parse(string(call.get("id"), where + ": a tool call's id"),
                        string(f.get("name"), where + ": a tool call's name"), raw));
            }
        }
        Object callId = m.get("tool_call_id");
        Object name = m.containsKey("tool_name") ? m.get("tool_name") : m.get("name");
        return new ChatMessage(role, content, List.of(), calls, callId instanceof String s ? s : null,
                role == Role.TOOL && name instanceof String s ? s : null);
    }

    private static Object parse(String text, String where) {
        try {
            return Json.parseExact(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(where + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new InvalidRequestException("cannot read the tools file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<?, ?> object(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new InvalidRequestException(what + " must be a JSON object");
    }

    private static String string(Object value, String what) {
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new InvalidRequestException(what + " must be a non-empty string");
    }
}
