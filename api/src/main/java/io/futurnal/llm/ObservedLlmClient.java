package io.futurnal.llm;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Tells the listeners about every call of the client it wraps. Applied once, centrally, by
 * {@link LlmClients}, so that no backend has to report anything itself.
 */
final class ObservedLlmClient implements LlmClient {
    private final LlmClient delegate;
    private final ListenerDispatch listeners;

    ObservedLlmClient(LlmClient delegate, ListenerDispatch listeners) {
        this.delegate = delegate;
        this.listeners = listeners;
    }

    @Override
    public BackendInfo info() {
        return delegate.info();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public TokenStream generateStream(String prompt, GenerationOptions options) {
        return observe(LlmOperation.TEXT_COMPLETION, options, () -> delegate.generateStream(prompt, options));
    }

    @Override
    public TokenStream chatStream(List<ChatMessage> messages, GenerationOptions options) {
        return observe(LlmOperation.CHAT, options, () -> delegate.chatStream(messages, options));
    }

    @Override
    public TokenStream chatStream(ChatRequest request) {
        return observe(LlmOperation.CHAT, request.options(), () -> delegate.chatStream(request));
    }

    @Override
    public EmbeddingResult embed(List<String> texts) {
        LlmCall call = new LlmCall(LlmOperation.EMBEDDINGS, delegate.info(), null);
        listeners.start(call);
        EmbeddingResult result;
        try {
            result = delegate.embed(texts);
        } catch (RuntimeException | Error e) {
            listeners.error(call, e);
            throw e;
        }
        listeners.embeddings(call, result);
        return result;
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : delegate.unwrap(type);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private TokenStream observe(LlmOperation operation, GenerationOptions options, Supplier<TokenStream> open) {
        LlmCall call = new LlmCall(operation, delegate.info(), options);
        listeners.start(call);
        try {
            return new ObservedStream(open.get(), call);
        } catch (RuntimeException | Error e) {
            listeners.error(call, e);
            throw e;
        }
    }

    /** Reports the first token and the end of one stream, each exactly once. */
    private final class ObservedStream implements TokenStream {
        private final TokenStream delegate;
        private final LlmCall call;
        private final AtomicBoolean ended = new AtomicBoolean();
        private boolean sawToken;

        ObservedStream(TokenStream delegate, LlmCall call) {
            this.delegate = delegate;
            this.call = call;
        }

        @Override
        public boolean hasNext() {
            boolean more;
            try {
                more = delegate.hasNext();
            } catch (RuntimeException | Error e) {
                failed(e);
                throw e;
            }
            if (more && !sawToken) {
                sawToken = true;
                listeners.firstToken(call, call.elapsed());
            }
            if (!more) {
                finished();
            }
            return more;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException("the stream has ended");
            }
            return delegate.next();
        }

        /** The delegate's events; the first of any kind is the first token, the finish ends the call. */
        @Override
        public Iterator<StreamEvent> events() {
            Iterator<StreamEvent> events = delegate.events();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    try {
                        return events.hasNext();
                    } catch (RuntimeException | Error e) {
                        failed(e);
                        throw e;
                    }
                }

                @Override
                public StreamEvent next() {
                    StreamEvent event;
                    try {
                        event = events.next();
                    } catch (RuntimeException | Error e) {
                        failed(e);
                        throw e;
                    }
                    if (event instanceof StreamEvent.Finish finish) {
                        if (ended.compareAndSet(false, true)) {
                            listeners.finish(call, finish.result());
                        }
                    } else if (!sawToken) {
                        sawToken = true;
                        listeners.firstToken(call, call.elapsed());
                    }
                    return event;
                }
            };
        }

        @Override
        public void cancel() {
            delegate.cancel();
        }

        @Override
        public boolean isCancelled() {
            return delegate.isCancelled();
        }

        @Override
        public GenerationResult result() {
            while (hasNext()) {
                delegate.next();
            }
            return finished();
        }

        private GenerationResult finished() {
            GenerationResult result;
            try {
                result = delegate.result();
            } catch (RuntimeException | Error e) {
                failed(e);
                throw e;
            }
            if (ended.compareAndSet(false, true)) {
                listeners.finish(call, result);
            }
            return result;
        }

        @Override
        public void close() {
            delegate.close();
            if (!ended.get()) {
                try {
                    finished();
                } catch (RuntimeException e) {
                    // reported through failed(); closing never throws
                }
            }
        }

        private void failed(Throwable e) {
            if (ended.compareAndSet(false, true)) {
                listeners.error(call, e);
            }
        }
    }
}
