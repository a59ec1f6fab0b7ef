package io.futurnal.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One message of a chat.
 *
 * @param role       who wrote it
 * @param content    its text ("" for an assistant message that only calls tools)
 * @param images     raw image bytes (PNG, JPEG) for vision models; empty for text
 * @param toolCalls  the tools an assistant message called; empty otherwise
 * @param toolCallId for a {@link Role#TOOL} message, the id of the call it answers (may be null when
 *                   {@code toolName} is set)
 * @param toolName   for a {@link Role#TOOL} message, the tool that produced it (may be null when
 *                   {@code toolCallId} is set)
 */
public record ChatMessage(Role role, String content, List<byte[]> images, List<ToolCall> toolCalls,
                          String toolCallId, String toolName) {

    /**
     * Requires a role and content; null lists become empty, and lists are copied. Tool calls belong
     * to assistant messages only; a tool message names the call id or the tool it answers, and only
     * a tool message does.
     *
     * @throws InvalidRequestException when those rules are broken
     */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        images = images == null ? List.of() : List.copyOf(images);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        toolCallId = blankToNull(toolCallId);
        toolName = blankToNull(toolName);
        if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
            throw new InvalidRequestException("only assistant messages carry tool calls; got a " + role.wireName() + " message with some");
        }
        if (role == Role.TOOL && toolCallId == null && toolName == null) {
            throw new InvalidRequestException("a tool message must name the call it answers (toolCallId) or the tool (toolName);"
                    + " use ChatMessage.toolResult(call, content)");
        }
        if (role != Role.TOOL && (toolCallId != null || toolName != null)) {
            throw new InvalidRequestException("only tool messages carry a toolCallId or toolName; got a " + role.wireName() + " message");
        }
    }

    /** A message without tool calls: role, text and images. */
    public ChatMessage(Role role, String content, List<byte[]> images) {
        this(role, content, images, List.of(), null, null);
    }

    /** A system message: instructions that frame the whole chat. */
    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content, List.of());
    }

    /** A message from the user. */
    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content, List.of());
    }

    /** A message the model wrote earlier in the chat. */
    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content, List.of());
    }

    /** A reply of the model that called tools, with whatever text came with the calls (may be ""). */
    public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
        return new ChatMessage(Role.ASSISTANT, Objects.requireNonNullElse(content, ""), List.of(), toolCalls, null, null);
    }

    /** The model's reply in {@code result} as a message for the chat history, tool calls included. */
    public static ChatMessage assistant(GenerationResult result) {
        return assistant(result.text(), result.toolCalls());
    }

    /** The result of running {@code call}: answers it by id and tool name. */
    public static ChatMessage toolResult(ToolCall call, String content) {
        return new ChatMessage(Role.TOOL, content, List.of(), List.of(), call.id(), call.name());
    }

    /** A tool result naming the call id and/or the tool it answers (one may be null). */
    public static ChatMessage toolResult(String toolCallId, String toolName, String content) {
        return new ChatMessage(Role.TOOL, content, List.of(), List.of(), toolCallId, toolName);
    }

    /** A copy of this message with one more image attached. */
    public ChatMessage withImage(byte[] image) {
        List<byte[]> more = new ArrayList<>(images);
        more.add(image.clone());
        return new ChatMessage(role, content, more, toolCalls, toolCallId, toolName);
    }

    /** A copy of this tool message naming the call id and tool it answers. */
    ChatMessage answering(String callId, String tool) {
        return new ChatMessage(role, content, images, toolCalls, callId, tool);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
