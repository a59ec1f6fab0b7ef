package io.futurnal.llm;

import io.futurnal.llm.internal.Json;
import io.futurnal.llm.internal.JsonSchemaCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A call of a tool that the model asked for: the call's id, the tool's name and its arguments.
 *
 * <p>The arguments are kept exactly as the model wrote them ({@link #rawArguments()}) and, when
 * they are a valid JSON object that fits the tool's schema, parsed ({@link #arguments()}). A call
 * whose arguments are not JSON, break the schema, or that names a tool never offered is still
 * returned, so it can be reported back to the model, but {@link #status()} says what is wrong and
 * {@link #arguments()} throws {@link InvalidToolCallException} instead of passing it on.
 *
 * <p>Answer a call with {@link ChatMessage#toolResult(ToolCall, String)}.
 */
public final class ToolCall {

    /** Whether the call can be run. */
    public enum Status {
        /** A valid JSON object matching the tool's schema (or no schema to check against). */
        VALID,
        /** The arguments are not a JSON object. */
        INVALID_JSON,
        /** The arguments are a JSON object that breaks the tool's parameters schema. */
        SCHEMA_VIOLATION,
        /** The model named a tool that the request did not offer. */
        UNKNOWN_TOOL
    }

    private final String id;
    private final String name;
    private final String rawArguments;
    private final Map<String, Object> arguments;
    private final Status status;
    private final String problem;

    private ToolCall(String id, String name, String rawArguments, Map<String, Object> arguments, Status status, String problem) {
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException("a tool call needs an id");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("a tool call needs the tool's name");
        }
        this.id = id;
        this.name = name;
        this.rawArguments = Objects.requireNonNull(rawArguments, "rawArguments");
        this.arguments = arguments;
        this.status = status;
        this.problem = problem;
    }

    /** A valid call of {@code name} with {@code arguments}, for example one read back from a chat history. */
    public static ToolCall of(String id, String name, Map<String, ?> arguments) {
        Objects.requireNonNull(arguments, "arguments");
        String raw;
        try {
            raw = Json.write(arguments);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("the arguments of tool call '" + name + "' cannot be written as JSON: " + e.getMessage(), e);
        }
        return parse(id, name, raw);
    }

    /**
     * A call from the model's JSON text, checked only for being a JSON object. An empty text counts
     * as {@code {}} (some servers send that for tools without parameters).
     */
    public static ToolCall parse(String id, String name, String rawArguments) {
        String raw = Objects.requireNonNullElse(rawArguments, "");
        Object parsed;
        try {
            parsed = raw.isBlank() ? Map.of() : Json.parseExact(raw);
        } catch (IllegalArgumentException e) {
            return new ToolCall(id, name, raw, null, Status.INVALID_JSON, "the arguments are not valid JSON (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            return new ToolCall(id, name, raw, null, Status.INVALID_JSON, "the arguments must be a JSON object; got "
                    + (parsed instanceof List ? "an array" : Json.write(parsed)));
        }
        return new ToolCall(id, name, raw, frozenMap(map), Status.VALID, null);
    }

    /**
     * A call from the model's JSON text, checked against the tools the request offered: the tool
     * must be one of {@code offered} (unless that is empty) and the arguments must fit its schema.
     */
    public static ToolCall parse(String id, String name, String rawArguments, List<ToolDefinition> offered) {
        ToolCall call = parse(id, name, rawArguments);
        if (call.status != Status.VALID || offered.isEmpty()) {
            return call;
        }
        Optional<ToolDefinition> tool = offered.stream().filter(t -> t.name().equals(name)).findFirst();
        if (tool.isEmpty()) {
            return new ToolCall(id, name, call.rawArguments, null, Status.UNKNOWN_TOOL, "no tool called '" + name
                    + "' was offered; the tools are " + offered.stream().map(ToolDefinition::name).toList());
        }
        Optional<String> violation = JsonSchemaCheck.firstViolation(tool.get().parametersSchema(), call.arguments);
        return violation.map(v -> new ToolCall(id, name, call.rawArguments, null, Status.SCHEMA_VIOLATION,
                "the arguments break the tool's parameters schema " + v)).orElse(call);
    }

    /** The call's id; a tool result answers it with {@link ChatMessage#toolCallId()}. */
    public String id() {
        return id;
    }

    /** The name of the tool to call. */
    public String name() {
        return name;
    }

    /** The arguments exactly as the model wrote them (JSON text, possibly invalid). */
    public String rawArguments() {
        return rawArguments;
    }

    /**
     * The parsed arguments: an unmodifiable map of maps, lists, strings, {@code Long}s for integers,
     * {@code Double}s for other numbers, booleans and nulls.
     *
     * @throws InvalidToolCallException when the call is not {@link Status#VALID}
     */
    public Map<String, Object> arguments() {
        if (status != Status.VALID) {
            throw new InvalidToolCallException(this);
        }
        return arguments;
    }

    /** Whether the call can be run. */
    public Status status() {
        return status;
    }

    /** Whether {@link #status()} is {@link Status#VALID}. */
    public boolean isValid() {
        return status == Status.VALID;
    }

    /** What is wrong with the call, for anything but a valid one. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Equal when id, name and raw arguments are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ToolCall c && c.id.equals(id) && c.name.equals(name) && c.rawArguments.equals(rawArguments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, rawArguments);
    }

    /** The call as one JSON object: {@code {"id":…,"name":…,"arguments":…}} (raw text for an invalid call). */
    @Override
    public String toString() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("name", name);
        out.put("arguments", status == Status.VALID ? arguments : rawArguments);
        return Json.write(out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> frozenMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), frozen(v)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> map) {
            return frozenMap(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(frozen(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
