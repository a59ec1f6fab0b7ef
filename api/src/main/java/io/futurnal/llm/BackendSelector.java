package io.futurnal.llm;

import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Finds the backends on the classpath and picks one, the way {@code java.sql.DriverManager} lets
 * the classpath decide which drivers exist.
 *
 * <p>Providers are ordered by priority, highest first, ties broken by id. With {@code auto}, all of
 * them are probed in parallel under one deadline ({@link LlmConfig#detectTimeout()}); a probe that
 * has not answered by then counts as timed out, so a hanging probe cannot stall start-up. Network
 * probes give up on their own after {@link LlmConfig#probeTimeout()}, so a blackholed server costs
 * that much and no more. With
 * an explicit id or alias, only that provider is probed.
 */
public final class BackendSelector {

    private static final Comparator<LlmBackendProvider> ORDER = Comparator
            .comparingInt(LlmBackendProvider::priority).reversed()
            .thenComparing(LlmBackendProvider::id)
            .thenComparing(p -> p.getClass().getName());

    private static final ExecutorService PROBES = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "futurnal-llm-probe");
        t.setDaemon(true);
        return t;
    });

    private final List<LlmBackendProvider> providers;
    private final List<String> loadErrors;

    private BackendSelector(List<LlmBackendProvider> providers, List<String> loadErrors) {
        List<LlmBackendProvider> sorted = new ArrayList<>(providers);
        sorted.sort(ORDER);
        this.providers = List.copyOf(sorted);
        this.loadErrors = List.copyOf(loadErrors);
    }

    /** The providers registered on the context class loader's classpath. */
    public static BackendSelector fromClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(loader != null ? loader : BackendSelector.class.getClassLoader());
    }

    /** The providers registered through {@code META-INF/services} visible to {@code loader}. */
    public static BackendSelector load(ClassLoader loader) {
        List<LlmBackendProvider> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Iterator<LlmBackendProvider> it = ServiceLoader.load(LlmBackendProvider.class, loader).iterator();
        for (int guard = 0; guard < 1000; guard++) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                errors.add(e.getMessage());
            }
        }
        return new BackendSelector(found, errors);
    }

    /** Exactly these providers, for tests and for applications that wire backends by hand. */
    public static BackendSelector of(Collection<? extends LlmBackendProvider> providers) {
        return new BackendSelector(List.copyOf(providers), List.of());
    }

    /** The providers, highest priority first. */
    public List<LlmBackendProvider> providers() {
        return providers;
    }

    /** Problems met while loading providers (a listed class that is missing or fails to construct). */
    public List<String> loadErrors() {
        return loadErrors;
    }

    /** The provider whose id or alias is {@code name}, ignoring case. */
    public Optional<LlmBackendProvider> find(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return providers.stream()
                .filter(p -> p.id().equals(wanted) || p.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(wanted)))
                .findFirst();
    }

    /**
     * Probes every provider in parallel under one deadline and reports on all of them. The chosen
     * backend is the requested one when it is available, or with {@code auto} the highest-priority
     * available one.
     */
    public DetectionReport detect(LlmConfig config) {
        long start = System.nanoTime();
        Optional<LlmBackendProvider> requested = config.isAuto() ? Optional.empty() : find(config.backend());
        List<ProbeOutcome> outcomes = probeAll(providers, config);
        Optional<String> chosen = outcomes.stream()
                .filter(ProbeOutcome::available)
                .filter(o -> requested.isEmpty() || requested.get().id().equals(o.id()))
                .map(ProbeOutcome::id)
                .findFirst();
        return new DetectionReport(config.backend(), withLoadErrors(outcomes), chosen, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Picks the backend for {@code config}.
     *
     * @throws ConfigurationException      when the requested id is not on the classpath (the message lists those that are)
     * @throws BackendUnavailableException when the requested backend, or with {@code auto} every backend, is unavailable
     */
    public Selection select(LlmConfig config) {
        if (config.isAuto()) {
            DetectionReport report = detect(config);
            LlmBackendProvider chosen = report.chosen().flatMap(this::find).orElseThrow(() ->
                    new BackendUnavailableException(providers.isEmpty()
                            ? "no LLM backend is on the classpath; add a backend jar such as "
                              + "io.futurnal:futurnal-llm-backend-llamacpp or futurnal-llm-backend-ollama"
                            : "no LLM backend is available:\n" + report.toTable(), report));
            return new Selection(chosen, report);
        }
        LlmBackendProvider provider = find(config.backend()).orElseThrow(() -> unknownBackend(config));
        long start = System.nanoTime();
        List<ProbeOutcome> outcomes = new ArrayList<>();
        for (LlmBackendProvider p : providers) {
            outcomes.addAll(p == provider ? probeAll(List.of(p), config)
                    : List.of(new ProbeOutcome(p.id(), p.aliases(), p.priority(), ProbeOutcome.Status.SKIPPED,
                            "not probed: backend '" + config.backend() + "' was asked for", Duration.ZERO)));
        }
        ProbeOutcome mine = outcomes.stream().filter(o -> o.id().equals(provider.id())).findFirst().orElseThrow();
        DetectionReport report = new DetectionReport(config.backend(), outcomes,
                mine.available() ? Optional.of(provider.id()) : Optional.empty(), Duration.ofNanos(System.nanoTime() - start));
        if (!mine.available()) {
            throw new BackendUnavailableException("backend '" + provider.id() + "' (asked for by "
                    + config.describe(LlmConfig.BACKEND) + ") is not available: " + mine.reason(), report);
        }
        return new Selection(provider, report);
    }

    private ConfigurationException unknownBackend(LlmConfig config) {
        String known = providers.isEmpty() ? "(none: no backend jar is on the classpath)"
                : providers.stream().map(p -> p.aliases().isEmpty() ? p.id()
                        : p.id() + " (" + String.join(", ", p.aliases().stream().sorted().toList()) + ")")
                .collect(Collectors.joining(", "));
        String missingJar = KnownBackends.artifactFor(config.backend())
                .map(a -> "; '" + config.backend() + "' is a futurnal-llm backend whose jar is not on the classpath: add io.futurnal:" + a)
                .orElse("");
        return new ConfigurationException(config.describe(LlmConfig.BACKEND) + " asks for backend '" + config.backend()
                + "', which is not installed" + missingJar + ". Valid choices: auto, " + known);
    }

    private List<ProbeOutcome> probeAll(List<LlmBackendProvider> targets, LlmConfig config) {
        Duration deadline = config.detectTimeout();
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        Map<LlmBackendProvider, Future<ProbeResult>> futures = new LinkedHashMap<>();
        Map<LlmBackendProvider, AtomicLong> finishedAt = new LinkedHashMap<>();
        for (LlmBackendProvider p : targets) {
            AtomicLong stamp = new AtomicLong();
            finishedAt.put(p, stamp);
            futures.put(p, PROBES.submit(() -> {
                try {
                    return p.probe(config);
                } finally {
                    stamp.set(System.nanoTime());
                }
            }));
        }
        List<ProbeOutcome> outcomes = new ArrayList<>();
        for (Map.Entry<LlmBackendProvider, Future<ProbeResult>> e : futures.entrySet()) {
            LlmBackendProvider p = e.getKey();
            ProbeOutcome.Status status;
            String reason;
            try {
                ProbeResult r = e.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (r == null) {
                    status = ProbeOutcome.Status.FAILED;
                    reason = "the probe returned nothing (a bug in " + p.getClass().getName() + ")";
                } else {
                    status = r.available() ? ProbeOutcome.Status.AVAILABLE : ProbeOutcome.Status.UNAVAILABLE;
                    reason = r.reason();
                }
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                status = ProbeOutcome.Status.TIMED_OUT;
                reason = "timed out: no answer within the " + deadline.toMillis() + " ms detection deadline ("
                        + config.describe(LlmConfig.DETECT_TIMEOUT) + ")";
            } catch (ExecutionException ex) {
                status = ProbeOutcome.Status.FAILED;
                reason = "the probe failed: " + ex.getCause();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new CancelledException("backend detection was interrupted", ex);
            }
            long stamp = finishedAt.get(p).get();
            long took = status == ProbeOutcome.Status.TIMED_OUT || stamp == 0 ? System.nanoTime() - start : stamp - start;
            outcomes.add(new ProbeOutcome(p.id(), p.aliases(), p.priority(), status, reason, Duration.ofNanos(Math.max(0, took))));
        }
        return outcomes;
    }

    private List<ProbeOutcome> withLoadErrors(List<ProbeOutcome> outcomes) {
        if (loadErrors.isEmpty()) {
            return outcomes;
        }
        List<ProbeOutcome> all = new ArrayList<>(outcomes);
        for (String error : loadErrors) {
            all.add(new ProbeOutcome("(broken)", Set.of(), Integer.MIN_VALUE, ProbeOutcome.Status.FAILED,
                    "a registered provider could not be loaded: " + error, Duration.ZERO));
        }
        return all;
    }

    /**
     * The outcome of {@link #select}.
     *
     * @param provider the chosen provider
     * @param report   what detection found
     */
    public record Selection(LlmBackendProvider provider, DetectionReport report) {
    }
}
