package io.futurnal.llm.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.futurnal.llm.StreamEvent;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.TokenStream;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A LangChain4j {@link StreamingChatModel} on any futurnal-llm client. {@code chat} returns at
 * once; the handler hears each piece of text on a daemon thread, then the complete response or
 * the error. {@link StreamingHandle#cancel()} (from {@code PartialResponseContext}) stops the
 * backend, after which the handler hears nothing more.
 */
public final class FuturnalStreamingChatModel extends ClientBackedModel implements StreamingChatModel {
    private static final ExecutorService STREAMS = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "futurnal-llm-langchain4j-stream");
        t.setDaemon(true);
        return t;
    });

    /** A model on {@code client}; closing the model leaves the client open. */
    public FuturnalStreamingChatModel(LlmClient client) {
        this(client, DefaultChatRequestParameters.EMPTY);
    }

    /**
     * A model on {@code client} whose requests start from {@code defaults} (e.g. a
     * {@code maxOutputTokens} for every AiServices call); closing the model leaves the client open.
     */
    public FuturnalStreamingChatModel(LlmClient client, ChatRequestParameters defaults) {
        this(OwnedClient.borrowed(client), defaults);
    }

    private FuturnalStreamingChatModel(OwnedClient owned, ChatRequestParameters defaults) {
        super(owned, defaults);
    }

    /** A model on a client made from {@code config} (auto-detection included); closing the model closes it. */
    public static FuturnalStreamingChatModel create(LlmConfig config) {
        return new FuturnalStreamingChatModel(OwnedClient.created(config), DefaultChatRequestParameters.EMPTY);
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        io.futurnal.llm.ChatRequest ours;
        try {
            ours = Requests.request(request, client().info().model());
        } catch (RuntimeException e) {
            handler.onError(Errors.toLangChain4j(e));
            return;
        }
        STREAMS.execute(() -> stream(ours, handler));
    }

    /** Text, reasoning and tool calls go to the handler as they arrive, then the complete response. */
    private void stream(io.futurnal.llm.ChatRequest request, StreamingChatResponseHandler handler) {
        Handle handle = new Handle();
        try (TokenStream stream = client().chatStream(request)) {
            handle.stream.set(stream);
            PartialResponseContext context = new PartialResponseContext(handle);
            Iterator<StreamEvent> events = stream.events();
            int toolCalls = 0;
            while (!handle.isCancelled() && events.hasNext()) {
                StreamEvent event = events.next();
                if (event instanceof StreamEvent.TextDelta text) {
                    handler.onPartialResponse(new PartialResponse(text.text()), context);
                } else if (event instanceof StreamEvent.ReasoningDelta reasoning) {
                    handler.onPartialThinking(new PartialThinking(reasoning.text()));
                } else if (event instanceof StreamEvent.ToolCallComplete call) {
                    handler.onCompleteToolCall(new CompleteToolCall(toolCalls++, Requests.toolExecutionRequest(call.call())));
                } else if (event instanceof StreamEvent.Finish finish && !handle.isCancelled()) {
                    handler.onCompleteResponse(Requests.response(finish.result()));
                }
            }
        } catch (RuntimeException e) {
            if (!handle.isCancelled()) {
                handler.onError(Errors.toLangChain4j(e));
            }
        }
    }


    /** Cancels the backend's stream; safe from any thread, before or after the stream opened. */
    private static final class Handle implements StreamingHandle {
        final AtomicReference<TokenStream> stream = new AtomicReference<>();
        private final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void cancel() {
            cancelled.set(true);
            TokenStream s = stream.get();
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }
}
