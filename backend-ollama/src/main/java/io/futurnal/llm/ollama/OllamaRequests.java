package io.futurnal.llm.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.Role;
import io.futurnal.llm.Think;
import io.futurnal.llm.ToolCall;
import io.futurnal.llm.ToolChoice;
import io.futurnal.llm.ToolDefinition;
import io.futurnal.llm.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps {@link GenerationOptions} to Ollama request bodies. The portable options go into
 * {@code options} ({@code temperature}, {@code seed}, {@code num_predict}, {@code stop},
 * {@code top_k}, {@code top_p}); {@link GenerationOptions#think()} becomes {@code think} ({@code true},
 * {@code false} or a level); tools go in Ollama's {@code tools} list, and tool calls and tool
 * results of the history as {@code tool_calls} and {@code tool_name}; {@link GenerationOptions#extra()} keys that Ollama takes at the
 * top level ({@code keep_alive}, {@code think}, {@code raw}, {@code suffix}, {@code template},
 * {@code images}, {@code tools}, ...) go there, and every other key ({@code num_ctx},
 * {@code repeat_penalty}, {@code min_p}, ...) into {@code options}.
 */
final class OllamaRequests {

    /** Extra keys Ollama reads at the top level of a generate, chat or embed request. */
    static final Set<String> TOP_LEVEL = Set.of("keep_alive", "think", "raw", "suffix", "template", "context",
            "images", "tools", "format", "truncate", "shift", "logprobs", "top_logprobs", "dimensions");

    private final ObjectMapper mapper;
    private final Object defaultKeepAlive;

    /**
     * @param defaultKeepAlive sent when a request names none ({@code futurnal.ollama.keep.alive}), or null
     */
    OllamaRequests(ObjectMapper mapper, Object defaultKeepAlive) {
        this.mapper = mapper;
        this.defaultKeepAlive = defaultKeepAlive;
    }

    OllamaWire.GenerateRequest generate(String model, String prompt, GenerationOptions o, boolean stream) {
        return generate(model, prompt, o, stream, null);
    }

    /** A generate body; {@code limit}, when not null, adds its {@code num_ctx} and {@code truncate}. */
    OllamaWire.GenerateRequest generate(String model, String prompt, GenerationOptions o, boolean stream,
                                        OllamaContextLimit limit) {
        Map<String, Object> top = topLevel(o);
        Object keepAlive = keepAlive(top);
        Object format = format(o, top);
        Map<String, Object> options = withContext(options(o), top, limit);
        return new OllamaWire.GenerateRequest(model, prompt, o.systemPrompt(), format, options, stream, keepAlive,
                think(o.think()), top.isEmpty() ? null : top);
    }

    /**
     * Adds the window of {@code limit}: {@code options.num_ctx}, and {@code "truncate": false}
     * unless truncation is allowed. Since Ollama 0.12 the server then refuses a prompt longer than
     * {@code num_ctx} (HTTP 400 "the input length exceeds the context length") instead of
     * dropping its start; an older server ignores the field and still cuts silently, which the
     * client cannot tell reliably ({@code prompt_eval_count} is lowered by the prompt cache too).
     * What the caller set in {@link GenerationOptions#extra()} wins.
     */
    private static Map<String, Object> withContext(Map<String, Object> options, Map<String, Object> top,
                                                   OllamaContextLimit limit) {
        if (limit == null) {
            return options;
        }
        top.putIfAbsent("truncate", limit.truncate());
        if (limit.numCtx().isEmpty() || (options != null && options.containsKey("num_ctx"))) {
            return options;
        }
        Map<String, Object> out = options == null ? new LinkedHashMap<>() : options;
        out.put("num_ctx", limit.numCtx().getAsInt());
        return out;
    }

    /**
     * The body of {@code /api/chat}. Ollama has no tool choice: {@link ToolChoice#NONE} leaves the
     * tools out, and a required or named choice, which Ollama cannot enforce, is refused.
     */
    OllamaWire.ChatRequest chat(String model, ChatRequest request, boolean stream) {
        return chat(model, request, stream, null);
    }

    /** A chat body; {@code limit}, when not null, adds its {@code num_ctx} and {@code truncate}. */
    OllamaWire.ChatRequest chat(String model, ChatRequest request, boolean stream, OllamaContextLimit limit) {
        GenerationOptions o = request.options();
        Map<String, Object> top = topLevel(o);
        Object keepAlive = keepAlive(top);
        Object format = format(o, top);
        List<OllamaWire.Message> wire = new ArrayList<>();
        if (o.systemPrompt() != null) {
            wire.add(new OllamaWire.Message(Role.SYSTEM.wireName(), o.systemPrompt(), null));
        }
        for (ChatMessage m : request.messages()) {
            wire.add(new OllamaWire.Message(m.role().wireName(), m.content(), base64(m.images()), null,
                    toolCalls(m.toolCalls()), m.toolName()));
        }
        Map<String, Object> options = withContext(options(o), top, limit);
        return new OllamaWire.ChatRequest(model, wire, tools(request), format, options, stream, keepAlive,
                think(o.think()), top.isEmpty() ? null : top);
    }

    private List<OllamaWire.Tool> tools(ChatRequest request) {
        ToolChoice.Mode mode = request.toolChoice().mode();
        if (mode == ToolChoice.Mode.REQUIRED || mode == ToolChoice.Mode.NAMED) {
            throw new UnsupportedCapabilityException(Capability.TOOLS, "Ollama cannot force a tool call (tool choice "
                    + mode + "); use ToolChoice.AUTO and check GenerationResult.toolCalls(), or an OpenAI-compatible server");
        }
        if (request.tools().isEmpty() || mode == ToolChoice.Mode.NONE) {
            return null;
        }
        if (request.options().extra().containsKey("tools")) {
            throw new InvalidRequestException("tools are given twice: in the ChatRequest and in extra 'tools'; keep the first");
        }
        List<OllamaWire.Tool> out = new ArrayList<>();
        for (ToolDefinition t : request.tools()) {
            out.add(new OllamaWire.Tool("function", new OllamaWire.Function(t.name(), t.description(), tree(t.parameters()))));
        }
        return out;
    }

    /** The history's tool calls; invalid arguments go back as the text the model wrote. */
    private List<OllamaWire.ToolCall> toolCalls(List<ToolCall> calls) {
        if (calls.isEmpty()) {
            return null;
        }
        List<OllamaWire.ToolCall> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall c = calls.get(i);
            JsonNode arguments = c.isValid() ? tree(c.rawArguments()) : mapper.getNodeFactory().textNode(c.rawArguments());
            out.add(new OllamaWire.ToolCall(c.id(), new OllamaWire.CallFunction(i, c.name(), arguments)));
        }
        return out;
    }

    private static Object think(Think think) {
        if (think == null) {
            return null;
        }
        return think.level() != null ? think.level().wireName() : think.enabled();
    }

    private JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A load ({@code keepAlive} null: the default) or unload ({@code 0}) request: a generate with no prompt. */
    OllamaWire.GenerateRequest loadOrUnload(String model, Object keepAlive) {
        return loadOrUnload(model, keepAlive, java.util.OptionalInt.empty());
    }

    /**
     * A load or unload request with {@code num_ctx}: Ollama reloads a model whose window changes,
     * so a load must ask for the window the calls will use.
     */
    OllamaWire.GenerateRequest loadOrUnload(String model, Object keepAlive, java.util.OptionalInt numCtx) {
        Map<String, Object> options = numCtx.isPresent() ? Map.of("num_ctx", numCtx.getAsInt()) : null;
        return new OllamaWire.GenerateRequest(model, null, null, null, options, false,
                keepAlive == null ? defaultKeepAlive : keepAlive, null, null);
    }

    OllamaWire.EmbedRequest embed(String model, List<String> texts, Map<String, Object> params) {
        Map<String, Object> top = new LinkedHashMap<>();
        Map<String, Object> options = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.equals("options") && v instanceof Map<?, ?> m) {
                m.forEach((mk, mv) -> options.put(String.valueOf(mk), mv));
            } else if (TOP_LEVEL.contains(k)) {
                top.put(k, k.equals("keep_alive") ? keepAliveValue(v) : v);
            } else {
                options.put(k, v);
            }
        });
        if (!options.isEmpty()) {
            top.put("options", options);
        }
        Object keepAlive = top.containsKey("keep_alive") ? top.remove("keep_alive") : defaultKeepAlive;
        return new OllamaWire.EmbedRequest(model, texts, keepAlive, top.isEmpty() ? null : top);
    }

    /** A keep-alive value as Ollama takes it: a {@link Duration} becomes {@code "<millis>ms"}, numbers and strings pass. */
    static Object keepAliveValue(Object v) {
        if (v instanceof Duration d) {
            return d.toMillis() + "ms";
        }
        if (v instanceof Number || v instanceof String) {
            return v;
        }
        throw new InvalidRequestException("keep_alive must be a Duration, a number of seconds or a duration string"
                + " such as \"5m\"; got " + v.getClass().getSimpleName());
    }

    private Map<String, Object> options(GenerationOptions o) {
        Map<String, Object> options = new LinkedHashMap<>();
        putIfSet(options, "temperature", o.temperature());
        putIfSet(options, "seed", o.seed());
        putIfSet(options, "num_predict", o.maxTokens());
        putIfSet(options, "top_k", o.topK());
        putIfSet(options, "top_p", o.topP());
        if (!o.stop().isEmpty()) {
            options.put("stop", o.stop());
        }
        for (Map.Entry<String, Object> e : o.extra().entrySet()) {
            if (e.getKey().equals("options")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw new InvalidRequestException("extra option 'options' must be a map; got " + e.getValue());
                }
                m.forEach((k, v) -> options.put(String.valueOf(k), v));
            } else if (!TOP_LEVEL.contains(e.getKey())) {
                options.put(e.getKey(), e.getValue());
            }
        }
        return options.isEmpty() ? null : options;
    }

    private Map<String, Object> topLevel(GenerationOptions o) {
        Map<String, Object> top = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : o.extra().entrySet()) {
            if (TOP_LEVEL.contains(e.getKey())) {
                Object v = e.getValue();
                top.put(e.getKey(), e.getKey().equals("images") ? images(v) : v);
            }
        }
        return top;
    }

    private Object keepAlive(Map<String, Object> top) {
        Object v = top.remove("keep_alive");
        return v == null ? defaultKeepAlive : keepAliveValue(v);
    }

    private Object format(GenerationOptions o, Map<String, Object> top) {
        Object extraFormat = top.remove("format");
        ResponseFormat f = o.format();
        if (extraFormat != null) {
            if (!(f instanceof ResponseFormat.Text)) {
                throw new InvalidRequestException("the format is set twice: in GenerationOptions.format and in extra 'format'");
            }
            return extraFormat;
        }
        if (f instanceof ResponseFormat.Json) {
            return "json";
        }
        if (f instanceof ResponseFormat.JsonSchema schema) {
            try {
                JsonNode node = mapper.readTree(schema.schema());
                if (!node.isObject()) {
                    throw new InvalidRequestException("a JSON schema must be a JSON object; got " + node.getNodeType());
                }
                return node;
            } catch (JsonProcessingException e) {
                throw new InvalidRequestException("the JSON schema is not valid JSON: " + e.getOriginalMessage(), e);
            }
        }
        return null;
    }

    private static Object images(Object v) {
        if (!(v instanceof Collection<?> items)) {
            throw new InvalidRequestException("extra option 'images' must be a list of byte[] or base64 strings");
        }
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof byte[] bytes) {
                out.add(Base64.getEncoder().encodeToString(bytes));
            } else if (item instanceof String s) {
                out.add(s);
            } else {
                throw new InvalidRequestException("extra option 'images' must hold byte[] or base64 strings; got "
                        + (item == null ? "null" : item.getClass().getSimpleName()));
            }
        }
        return out;
    }

    private static List<String> base64(List<byte[]> images) {
        if (images.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>(images.size());
        for (byte[] image : images) {
            out.add(Base64.getEncoder().encodeToString(image));
        }
        return out;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    static GenerationOptions orDefaults(GenerationOptions options) {
        return options == null ? GenerationOptions.DEFAULTS : options;
    }

    static String requirePrompt(String prompt) {
        if (prompt == null) {
            throw new InvalidRequestException("the prompt is null");
        }
        return prompt;
    }
}
