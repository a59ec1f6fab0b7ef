package io.futurnal.llm.spi.json;

import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.IncompleteOutputException;
import io.futurnal.llm.StreamEvent;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.internal.Json;
import io.futurnal.llm.spi.AbstractTokenStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A reply decoded as {@code {"name":…,"arguments":…}}, reported as one tool call. See {@link ToolPrompting#asToolCall}. */
final class ToolCallStream extends AbstractTokenStream {

    private static final AtomicLong CALLS = new AtomicLong();

    private final TokenStream inner;
    private final ChatRequest request;
    private boolean delivered;

    ToolCallStream(TokenStream inner, ChatRequest request, String backend, String model) {
        super(backend, model, request.options());
        this.inner = inner;
        this.request = request;
    }

    @Override
    protected StreamEvent fetchNextEvent() {
        if (delivered) {
            return null;
        }
        delivered = true;
        GenerationResult reply;
        try {
            reply = inner.result();
        } catch (IncompleteOutputException e) {
            throw IncompleteOutputException.cutShort("tool call", e.partial());
        }
        String name = "";
        String arguments = reply.text();
        Object parsed = parse(reply.text());
        if (parsed instanceof Map<?, ?> call && call.get("name") instanceof String n) {
            name = n;
            arguments = Json.write(call.get("arguments"));
        }
        finish(reply.finishReason(), reply.metrics());
        String id = "call_" + CALLS.incrementAndGet();
        return new StreamEvent.ToolCallComplete(request.toolCall(id, name.isEmpty() ? "unknown" : name, arguments));
    }

    @Override
    protected void release(boolean interrupted) {
        if (interrupted) {
            inner.cancel();
        }
        inner.close();
    }

    private static Object parse(String text) {
        try {
            return Json.parseExact(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
