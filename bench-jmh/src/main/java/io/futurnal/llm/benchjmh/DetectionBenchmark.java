package io.futurnal.llm.benchjmh;

import io.futurnal.llm.BackendSelector;
import io.futurnal.llm.DetectionReport;
import io.futurnal.llm.LlmConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How long auto-detection takes when nothing can serve: the HTTP backends on this class path
 * (ollama, openai) point at a loopback port where nothing listens, so each probe ends with
 * "connection refused"; the in-process backends (llamacpp, hf) are absent from this jar.
 *
 * <ul>
 *   <li>{@code noBackendInstalled}: the selector's own cost, with no provider at all.</li>
 *   <li>{@code httpBackendsRefused}: probing the class path's providers (loaded once).</li>
 *   <li>{@code loadProvidersAndDetect}: the same plus the {@code ServiceLoader} scan, which is what
 *       {@code LlmClients.create()} pays on every call.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DetectionBenchmark {
    private LlmConfig config;
    private BackendSelector empty;
    private BackendSelector classpath;

    /** Points every HTTP backend at a closed loopback port. */
    @Setup
    public void setUp() {
        int port = ClosedPort.find();
        config = LlmConfig.builder()
                .set("ollama.host", "127.0.0.1:" + port)
                .set("futurnal.openai.base.url", "http://127.0.0.1:" + port + "/v1")
                .set("openai.base.url", null)
                .backend("auto")
                .build();
        empty = BackendSelector.of(List.of());
        classpath = BackendSelector.fromClasspath();
    }

    /** Detection with no provider at all: the selector's own cost. */
    @Benchmark
    public DetectionReport noBackendInstalled() {
        return empty.detect(config);
    }

    /** Detection over the class path's providers, loaded once; every HTTP probe is refused. */
    @Benchmark
    public DetectionReport httpBackendsRefused() {
        return classpath.detect(config);
    }

    /** A {@code ServiceLoader} scan for providers, then detection, as {@code LlmClients.create()} does. */
    @Benchmark
    public DetectionReport loadProvidersAndDetect() {
        return BackendSelector.fromClasspath().detect(config);
    }
}
