package io.futurnal.llm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one chat call needs: the messages, the options, and the tools the model may call.
 * Immutable and checked once, when built, so every backend receives a request that is already
 * well-formed; {@link #requireSupportedBy} then checks it against what a client can do.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *         .message(ChatMessage.user("What is the weather in Paris?"))
 *         .tool(weather)
 *         .build();
 * GenerationResult reply = client.chat(request);
 * if (reply.hasToolCalls()) {
 *     ToolCall call = reply.toolCalls().get(0);
 *     reply = client.chat(request.appending(ChatMessage.assistant(reply),
 *             ChatMessage.toolResult(call, "{\"temperature\":18}")));
 * }
 * }</pre>
 *
 * @param messages          the chat so far, at least one message
 * @param options           sampling, limits, format, think
 * @param tools             the tools the model may call; empty for none
 * @param toolChoice        whether the model may, must or must not call them
 * @param parallelToolCalls whether the model may call several tools in one reply; {@code null}
 *                          leaves it to the server
 */
public record ChatRequest(List<ChatMessage> messages, GenerationOptions options, List<ToolDefinition> tools,
                          ToolChoice toolChoice, Boolean parallelToolCalls) {

    /**
     * Checks the request: at least one message and none null, tool names unique, a required or named
     * tool choice only with tools (and a named one only for an offered tool). A tool message that
     * names only the call id or only the tool gets the other from the assistant message that made
     * the call. Null options become {@link GenerationOptions#DEFAULTS}, null tools empty, a null
     * choice {@link ToolChoice#AUTO}.
     *
     * @throws InvalidRequestException when the request is malformed
     */
    public ChatRequest {
        if (messages == null || messages.isEmpty()) {
            throw new InvalidRequestException("a chat needs at least one message");
        }
        if (messages.stream().anyMatch(Objects::isNull)) {
            throw new InvalidRequestException("a chat message is null");
        }
        options = Objects.requireNonNullElse(options, GenerationOptions.DEFAULTS);
        tools = tools == null ? List.of() : List.copyOf(tools);
        toolChoice = Objects.requireNonNullElse(toolChoice, ToolChoice.AUTO);
        Set<String> names = new HashSet<>();
        for (ToolDefinition tool : tools) {
            if (!names.add(tool.name())) {
                throw new InvalidRequestException("two tools are called '" + tool.name() + "'; tool names must be unique");
            }
        }
        if (tools.isEmpty() && (toolChoice.mode() == ToolChoice.Mode.REQUIRED || toolChoice.mode() == ToolChoice.Mode.NAMED)) {
            throw new InvalidRequestException("tool choice " + toolChoice.mode() + " needs tools; add them with ChatRequest.Builder.tool");
        }
        if (toolChoice.mode() == ToolChoice.Mode.NAMED && !names.contains(toolChoice.toolName())) {
            throw new InvalidRequestException("the tool choice names '" + toolChoice.toolName() + "', which is not among the tools "
                    + names + "; offer it or choose another");
        }
        messages = linkToolResults(messages);
    }

    /** A request for {@code messages} with default options and no tools. */
    public static ChatRequest of(List<ChatMessage> messages) {
        return new ChatRequest(messages, null, null, null, null);
    }

    /** A request for {@code messages} with {@code options} and no tools. */
    public static ChatRequest of(List<ChatMessage> messages, GenerationOptions options) {
        return new ChatRequest(messages, options, null, null, null);
    }

    /** A request for {@code messages} with default options and no tools. */
    public static ChatRequest of(ChatMessage... messages) {
        return of(Arrays.asList(messages));
    }

    /** A builder with no messages, default options and no tools. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this request. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.messages.addAll(messages);
        b.options = options;
        b.tools.addAll(tools);
        b.toolChoice = toolChoice;
        b.parallelToolCalls = parallelToolCalls;
        return b;
    }

    /** This request with {@code more} messages after its own, for the next turn of a chat or a tool round trip. */
    public ChatRequest appending(ChatMessage... more) {
        List<ChatMessage> all = new ArrayList<>(messages);
        all.addAll(Arrays.asList(more));
        return new ChatRequest(all, options, tools, toolChoice, parallelToolCalls);
    }

    /** This request with other options. */
    public ChatRequest withOptions(GenerationOptions newOptions) {
        return new ChatRequest(messages, newOptions, tools, toolChoice, parallelToolCalls);
    }

    /** Whether the request uses tools: offers some, or has tool calls or tool results in its history. */
    public boolean usesTools() {
        return !tools.isEmpty() || messages.stream().anyMatch(m -> m.role() == Role.TOOL || !m.toolCalls().isEmpty());
    }

    /**
     * Checks that a client with {@code capabilities} can serve this request: images need
     * {@link Capability#IMAGES}, tools (offered, called or answered in the history) need
     * {@link Capability#TOOLS}, and the options need what {@link GenerationOptions#requireSupportedBy} says.
     *
     * @param who names the backend and model in the message, e.g. "the llamacpp backend with model stories260K"
     * @throws UnsupportedCapabilityException naming the first capability missing
     */
    public void requireSupportedBy(Set<Capability> capabilities, String who) {
        if (!capabilities.contains(Capability.IMAGES) && messages.stream().anyMatch(m -> !m.images().isEmpty())) {
            throw new UnsupportedCapabilityException(Capability.IMAGES, who + " does not take images; send text messages only");
        }
        if (!capabilities.contains(Capability.TOOLS) && usesTools()) {
            throw new UnsupportedCapabilityException(Capability.TOOLS, who + " does not support tool calling; drop the tools"
                    + " and tool messages, or use a backend and model that list TOOLS in capabilities()");
        }
        options.requireSupportedBy(capabilities, who);
    }

    /**
     * A call the model made, parsed and checked against {@link #tools()}: for backends turning the
     * wire's tool calls into {@link ToolCall}s.
     */
    public ToolCall toolCall(String id, String name, String rawArguments) {
        return ToolCall.parse(id, name, rawArguments, tools);
    }

    private static List<ChatMessage> linkToolResults(List<ChatMessage> messages) {
        List<ChatMessage> out = new ArrayList<>(messages.size());
        List<ToolCall> lastCalls = List.of();
        for (ChatMessage message : messages) {
            ChatMessage m = message;
            if (!m.toolCalls().isEmpty()) {
                lastCalls = m.toolCalls();
            }
            if (m.role() == Role.TOOL && (m.toolCallId() == null || m.toolName() == null)) {
                String id = m.toolCallId();
                String name = m.toolName();
                List<ToolCall> matches = lastCalls.stream()
                        .filter(c -> id != null ? c.id().equals(id) : c.name().equals(name))
                        .toList();
                if (matches.size() == 1) {
                    m = m.answering(matches.get(0).id(), matches.get(0).name());
                }
            }
            out.add(m);
        }
        return List.copyOf(out);
    }

    /** Builds a {@link ChatRequest}; the request is checked by {@link #build()}. */
    public static final class Builder {
        private final List<ChatMessage> messages = new ArrayList<>();
        private GenerationOptions options = GenerationOptions.DEFAULTS;
        private final List<ToolDefinition> tools = new ArrayList<>();
        private ToolChoice toolChoice = ToolChoice.AUTO;
        private Boolean parallelToolCalls;

        private Builder() {
        }

        /** Replaces the messages. */
        public Builder messages(List<ChatMessage> messages) {
            this.messages.clear();
            this.messages.addAll(messages);
            return this;
        }

        /** Adds one message after those already there. */
        public Builder message(ChatMessage message) {
            this.messages.add(message);
            return this;
        }

        /** Sampling, limits, format, think. */
        public Builder options(GenerationOptions options) {
            this.options = options;
            return this;
        }

        /** Replaces the tools. */
        public Builder tools(List<ToolDefinition> tools) {
            this.tools.clear();
            this.tools.addAll(tools);
            return this;
        }

        /** Offers one more tool. */
        public Builder tool(ToolDefinition tool) {
            this.tools.add(Objects.requireNonNull(tool, "tool"));
            return this;
        }

        /** Whether the model may ({@link ToolChoice#AUTO}, the default), must, or must not call tools. */
        public Builder toolChoice(ToolChoice toolChoice) {
            this.toolChoice = toolChoice;
            return this;
        }

        /** Whether several tool calls may come in one reply; {@code null} leaves it to the server. */
        public Builder parallelToolCalls(Boolean parallelToolCalls) {
            this.parallelToolCalls = parallelToolCalls;
            return this;
        }

        /** Checks and builds the request; throws {@link InvalidRequestException} when it is malformed. */
        public ChatRequest build() {
            return new ChatRequest(messages, options, tools, toolChoice, parallelToolCalls);
        }
    }
}
