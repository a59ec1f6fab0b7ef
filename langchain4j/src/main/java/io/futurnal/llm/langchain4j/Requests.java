package io.futurnal.llm.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.ToolCall;
import io.futurnal.llm.ToolDefinition;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Translates LangChain4j chat requests to our messages and options, and our results back. */
final class Requests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    static List<ChatMessage> messages(ChatRequest request) {
        List<ChatMessage> out = new ArrayList<>();
        for (dev.langchain4j.data.message.ChatMessage message : request.messages()) {
            if (message instanceof SystemMessage system) {
                out.add(ChatMessage.system(system.text()));
            } else if (message instanceof UserMessage user) {
                out.add(user(user));
            } else if (message instanceof AiMessage ai) {
                List<ToolCall> calls = new ArrayList<>();
                for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                    calls.add(ToolCall.parse(callId(call, calls.size()), call.name(),
                            call.arguments() == null ? "{}" : call.arguments()));
                }
                out.add(ChatMessage.assistant(ai.text() == null ? "" : ai.text(), calls));
            } else if (message instanceof ToolExecutionResultMessage result) {
                out.add(ChatMessage.toolResult(result.id(), result.toolName(), result.text()));
            } else {
                throw new UnsupportedFeatureException("messages of type " + message.type()
                        + " are not supported; use system, user and AI messages");
            }
        }
        return out;
    }

    /** Our chat request for LangChain4j's: messages, options, tools and the tool choice. */
    static io.futurnal.llm.ChatRequest request(ChatRequest request, String clientModel) {
        ChatRequestParameters p = request.parameters();
        io.futurnal.llm.ChatRequest.Builder b = io.futurnal.llm.ChatRequest.builder()
                .messages(messages(request))
                .options(options(request, clientModel));
        if (p.toolSpecifications() != null) {
            for (ToolSpecification spec : p.toolSpecifications()) {
                b.tool(ToolDefinition.of(spec.name(), spec.description() == null ? "" : spec.description(),
                        spec.parameters() == null ? ToolDefinition.NO_PARAMETERS : json(spec.parameters(), spec.name())));
            }
        }
        if (p.toolChoice() != null && p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
            b.toolChoice(switch (p.toolChoice()) {
                case AUTO -> io.futurnal.llm.ToolChoice.AUTO;
                case REQUIRED -> io.futurnal.llm.ToolChoice.REQUIRED;
                case NONE -> io.futurnal.llm.ToolChoice.NONE;
            });
        }
        return b.build();
    }

    static GenerationOptions options(ChatRequest request, String clientModel) {
        ChatRequestParameters p = request.parameters();
        if (p.frequencyPenalty() != null || p.presencePenalty() != null) {
            throw new UnsupportedFeatureException("frequencyPenalty and presencePenalty are not supported by futurnal-llm; leave them unset");
        }
        if (p.modelName() != null && !p.modelName().equals(clientModel)) {
            throw new UnsupportedFeatureException("this model runs '" + clientModel + "', not '" + p.modelName()
                    + "'; create another FuturnalChatModel (futurnal.production.llm) to use a different model");
        }
        GenerationOptions.Builder b = GenerationOptions.builder()
                .temperature(p.temperature())
                .topP(p.topP())
                .topK(p.topK())
                .maxTokens(p.maxOutputTokens());
        if (p.stopSequences() != null) {
            b.stop(p.stopSequences());
        }
        return b.format(format(p.responseFormat())).build();
    }

    static ChatResponse response(GenerationResult result) {
        List<ToolExecutionRequest> calls = result.toolCalls().stream().map(Requests::toolExecutionRequest).toList();
        AiMessage.Builder message = AiMessage.builder().text(result.text().isEmpty() && !calls.isEmpty() ? null : result.text());
        if (!result.reasoning().isEmpty()) {
            message.thinking(result.reasoning());
        }
        if (!calls.isEmpty()) {
            message.toolExecutionRequests(calls);
        }
        return ChatResponse.builder()
                .aiMessage(message.build())
                .modelName(result.model())
                .tokenUsage(new TokenUsage(result.metrics().promptTokens(), result.metrics().generatedTokens()))
                .finishReason(finishReason(result.finishReason()))
                .build();
    }

    static FinishReason finishReason(io.futurnal.llm.FinishReason reason) {
        return switch (reason) {
            case STOP -> FinishReason.STOP;
            case LENGTH -> FinishReason.LENGTH;
            case TOOL_CALLS -> FinishReason.TOOL_EXECUTION;
            case CANCELLED, OTHER -> FinishReason.OTHER;
        };
    }

    static java.util.Set<dev.langchain4j.model.chat.Capability> capabilities(io.futurnal.llm.LlmClient client) {
        return client.capabilities().contains(io.futurnal.llm.Capability.JSON_SCHEMA)
                ? java.util.Set.of(dev.langchain4j.model.chat.Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                : java.util.Set.of();
    }

    private static ResponseFormat format(dev.langchain4j.model.chat.request.ResponseFormat format) {
        if (format == null || format.type() == ResponseFormatType.TEXT) {
            return ResponseFormat.TEXT;
        }
        if (format.jsonSchema() == null) {
            return ResponseFormat.JSON;
        }
        return ResponseFormat.jsonSchema(json(format.jsonSchema().rootElement(), format.jsonSchema().name()));
    }

    static ToolExecutionRequest toolExecutionRequest(ToolCall call) {
        return ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(call.rawArguments()).build();
    }

    private static String json(JsonSchemaElement schema, String name) {
        try {
            return JSON.writeValueAsString(JsonSchemaElementJsonUtils.toMap(schema));
        } catch (JsonProcessingException e) {
            throw new UnsupportedFeatureException("the JSON schema of '" + name + "' cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** LangChain4j lets a call go without an id (Ollama gives none); ours need one. */
    private static String callId(ToolExecutionRequest call, int index) {
        return call.id() == null || call.id().isBlank() ? "call_" + index + "_" + call.name() : call.id();
    }

    private static ChatMessage user(UserMessage user) {
        StringBuilder text = new StringBuilder();
        List<byte[]> images = new ArrayList<>();
        for (Content content : user.contents()) {
            if (content instanceof TextContent t) {
                text.append(text.length() == 0 ? "" : "\n").append(t.text());
            } else if (content instanceof ImageContent image && image.image().base64Data() != null) {
                images.add(Base64.getDecoder().decode(image.image().base64Data()));
            } else {
                throw new UnsupportedFeatureException("user message content of type " + content.type()
                        + " is not supported; send text, or images as base64 data (not URLs)");
            }
        }
        ChatMessage message = ChatMessage.user(text.toString());
        for (byte[] image : images) {
            message = message.withImage(image);
        }
        return message;
    }
}
