package io.futurnal.llm.bench.fake;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;

/**
 * In-test backends registered through {@code META-INF/services} in src/test: a fast one, a slow
 * one (ten times the token delay, no prompt timing), one that is never available and one that
 * fails to create a client. Loading a client sleeps longer the first time in a JVM, like a real
 * cold load.
 */
public final class FakeProviders {
    private FakeProviders() {
    }

    /** Shared behaviour: a cold first load per JVM, then quick ones. */
    abstract static class Base implements LlmBackendProvider {
        // static: the selector makes new provider instances, the "model" stays loaded in the JVM
        private static final java.util.Set<String> LOADED = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public int priority() {
            return -100;
        }

        @Override
        public ProbeResult probe(LlmConfig config) {
            return ProbeResult.available("always here (test fake)");
        }

        @Override
        public LlmClient create(LlmConfig config) {
            FakeClient.pause(LOADED.add(id()) ? 40 : 2);
            return client();
        }

        abstract LlmClient client();
    }

    /** {@code fakefast}: 1 ms per token, reports its prompt time. */
    public static final class Fast extends Base {
        @Override
        public String id() {
            return "fakefast";
        }

        @Override
        LlmClient client() {
            return new FakeClient(id(), 1, true);
        }
    }

    /** {@code fakeslow}: 10 ms per token, reports no prompt time. */
    public static final class Slow extends Base {
        @Override
        public String id() {
            return "fakeslow";
        }

        @Override
        LlmClient client() {
            return new FakeClient(id(), 10, false);
        }
    }

    /** {@code fakeoff}: never available. */
    public static final class Off extends Base {
        @Override
        public String id() {
            return "fakeoff";
        }

        @Override
        public ProbeResult probe(LlmConfig config) {
            return ProbeResult.unavailable("switched off (test fake)");
        }

        @Override
        LlmClient client() {
            throw new BackendUnavailableException("switched off (test fake)");
        }
    }

    /** {@code fakebroken}: available, but every client creation fails. */
    public static final class Broken extends Base {
        @Override
        public String id() {
            return "fakebroken";
        }

        @Override
        LlmClient client() {
            throw new IllegalStateException("the fake model file is corrupt");
        }
    }
}
