/**
 * Scaffolding for in-process fake servers used by tests and benchmarks: a loopback HTTP server on
 * the JDK's {@code com.sun.net.httpserver} with a request log and injectable faults
 * ({@link io.futurnal.llm.testserver.FakeHttpServer}, {@link io.futurnal.llm.testserver.Fault}),
 * plus raw sockets that accept and never answer ({@link io.futurnal.llm.testserver.SilentServer}).
 * Protocol-specific servers live in sub-packages, such as
 * {@link io.futurnal.llm.testserver.ollama.FakeOllamaServer}.
 *
 * <p>Everything binds to the loopback address only, on an ephemeral port, and stops on
 * {@code close()}.
 */
package io.futurnal.llm.testserver;
