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
 * the classpath decide which drivers exist. This class holds the whole selection policy:
 * <ul>
 *   <li>ordered candidates: the requested backend, or with {@code auto} every available one by priority;</li>
 *   <li>create-time fallback: with {@code auto}, a candidate whose {@code create} refuses (no such
 *       model, not configured, unsupported) hands over to the next ({@link #open});</li>
 *   <li>call-time fallback: with {@code auto} and {@link LlmConfig#fallback()}, a call that cannot
 *       connect moves to the next candidate ({@link #open});</li>
 *   <li>an explicit path that uses one named backend without probing it ({@link #openWithoutProbe}).</li>
 * </ul>
 * Two providers answering to the same id or alias, and providers that failed to load, are
 * reported ({@link #loadErrors()}) rather than silently shadowed.
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
        List<String> problems = new ArrayList<>(loadErrors);
        problems.addAll(duplicates(this.providers));
        this.loadErrors = List.copyOf(problems);
    }

    /** The providers registered on the context class loader's classpath. */
    public static BackendSelector fromClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(loader != null ? loader : BackendSelector.class.getClassLoader());
    }

    /** The providers registered through {@code META-INF/services} visible to {@code loader}. */
    public static BackendSelector load(ClassLoader loader) {
        List<String> errors = new ArrayList<>();
        List<LlmBackendProvider> found = ServiceLoading.loadAll(LlmBackendProvider.class, loader, errors::add);
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

    /**
     * Problems met while loading providers: a listed class that is missing or fails to construct,
     * or two providers answering to the same id or alias.
     */
    public List<String> loadErrors() {
        return loadErrors;
    }

    /**
     * The provider whose id or alias is {@code name}, ignoring case.
     *
     * @throws ConfigurationException when two providers answer to {@code name}
     */
    public Optional<LlmBackendProvider> find(String name) {
        List<LlmBackendProvider> matches = matching(name);
        if (matches.size() > 1) {
            throw new ConfigurationException("backend '" + name.trim() + "' is ambiguous: " + describeAll(matches)
                    + " all answer to it; remove one of their jars from the classpath");
        }
        return matches.stream().findFirst();
    }

    private List<LlmBackendProvider> matching(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return providers.stream()
                .filter(p -> p.id().equalsIgnoreCase(wanted) || p.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(wanted)))
                .toList();
    }

    private static List<String> duplicates(List<LlmBackendProvider> providers) {
        Map<String, List<LlmBackendProvider>> byName = new LinkedHashMap<>();
        for (LlmBackendProvider p : providers) {
            Set<String> names = new java.util.TreeSet<>();
            names.add(p.id().toLowerCase(Locale.ROOT));
            p.aliases().forEach(a -> names.add(a.toLowerCase(Locale.ROOT)));
            names.forEach(n -> byName.computeIfAbsent(n, k -> new ArrayList<>()).add(p));
        }
        List<String> problems = new ArrayList<>();
        byName.forEach((name, ps) -> {
            if (ps.size() > 1) {
                problems.add("'" + name + "' is claimed by " + ps.size() + " providers: " + describeAll(ps));
            }
        });
        return problems;
    }

    private static String describeAll(List<LlmBackendProvider> ps) {
        return ps.stream().map(p -> p.id() + " (" + p.getClass().getName() + ")").collect(Collectors.joining(", "));
    }

    /**
     * Probes every provider in parallel under one deadline and reports on all of them. The chosen
     * backend is the requested one when it is available, or with {@code auto} the highest-priority
     * available one.
     */
    public DetectionReport detect(LlmConfig config) {
        long start = System.nanoTime();
        Optional<LlmBackendProvider> requested = config.isAuto() ? Optional.empty() : find(config.backend());
        List<ProbeOutcome> outcomes = outcomesOf(probeAll(providers, config));
        Optional<String> chosen = outcomes.stream()
                .filter(ProbeOutcome::available)
                .filter(o -> requested.isEmpty() || requested.get().id().equals(o.id()))
                .map(ProbeOutcome::id)
                .findFirst();
        return new DetectionReport(config.backend(), withLoadErrors(outcomes), chosen, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Opens a client for {@code config} by the whole policy: select and probe, create the first
     * candidate that does not refuse (with {@code auto}, refusals hand over to the next available
     * backend), and with {@code auto} and {@link LlmConfig#fallback()} wrap it so a call that cannot
     * connect moves on to the next candidate.
     *
     * @throws ConfigurationException      for an unknown or ambiguous backend id
     * @throws BackendUnavailableException when no suitable backend is available, or (with several
     *                                     candidates) every one refused; the message says why for each
     * @throws LlmException                the refusal of the only candidate, as its provider threw it
     */
    public Opened open(LlmConfig config) {
        Selection selection = select(config);
        List<LlmBackendProvider> candidates = candidates(selection, config);
        List<String> refusals = new ArrayList<>();
        List<LlmException> refused = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            LlmBackendProvider provider = candidates.get(i);
            LlmClient client;
            try {
                client = provider.create(config);
            } catch (BackendUnavailableException | ConfigurationException | ModelNotFoundException
                     | UnsupportedCapabilityException e) {
                refusals.add(provider.id() + ": " + e.getMessage());
                refused.add(e);
                continue;
            }
            if (config.isAuto() && config.fallback() && i + 1 < candidates.size()) {
                client = new FallbackLlmClient(candidates.subList(i, candidates.size()), config, client);
            }
            return new Opened(client, selection.report(), refusals);
        }
        if (refused.size() == 1) {
            throw refused.get(0);
        }
        BackendUnavailableException all = new BackendUnavailableException(
                "no available backend could serve it:\n  " + String.join("\n  ", refusals), selection.report());
        refused.forEach(all::addSuppressed);
        throw all;
    }

    /**
     * Creates a client on the backend {@code config} names, without probing it first: for work that
     * makes a backend usable (pulling the first model into an empty server).
     *
     * @throws ConfigurationException when {@code config} asks for {@code auto} or names a backend that is
     *                                not installed (the message lists those that are, and load errors)
     */
    public LlmClient openWithoutProbe(LlmConfig config) {
        if (config.isAuto()) {
            throw new ConfigurationException(config.describe(CoreKeys.BACKEND)
                    + " must name a backend here; 'auto' needs probing. Valid choices: " + installed());
        }
        return find(config.backend()).orElseThrow(() -> unknownBackend(config)).create(config);
    }

    /** The chosen backend, then with {@code auto} the other available ones in priority order. */
    private List<LlmBackendProvider> candidates(Selection selection, LlmConfig config) {
        List<LlmBackendProvider> order = new ArrayList<>();
        order.add(selection.provider());
        if (config.isAuto()) {
            for (ProbeOutcome o : selection.report().outcomes()) {
                if (o.available()) {
                    providers.stream().filter(p -> p.id().equals(o.id()) && !order.contains(p))
                            .findFirst().ifPresent(order::add);
                }
            }
        }
        return order;
    }

    /**
     * Picks the backend for {@code config}.
     *
     * @throws ConfigurationException      when the requested id is not on the classpath (the message lists those that are)
     * @throws BackendUnavailableException when the requested backend, or with {@code auto} every backend, is unavailable
     */
    public Selection select(LlmConfig config) {
        if (config.isAuto()) {
            long start = System.nanoTime();
            List<Probed> probed = probeAll(providers, config);
            List<ProbeOutcome> outcomes = outcomesOf(probed);
            Optional<String> chosenId = outcomes.stream().filter(ProbeOutcome::available).map(ProbeOutcome::id).findFirst();
            DetectionReport report = new DetectionReport(config.backend(), withLoadErrors(outcomes), chosenId,
                    Duration.ofNanos(System.nanoTime() - start));
            rankedProblem(probed, chosenId).ifPresent(problem -> {
                throw problem;
            });
            LlmBackendProvider chosen = chosenId.flatMap(this::find).orElseThrow(() ->
                    new BackendUnavailableException(providers.isEmpty()
                            ? "no LLM backend is on the classpath; add a backend jar (see the README's Backends table)"
                              + loadErrorsSentence()
                            : "no LLM backend is available:\n" + report.toTable(), report));
            return new Selection(chosen, report);
        }
        LlmBackendProvider provider = find(config.backend()).orElseThrow(() -> unknownBackend(config));
        long start = System.nanoTime();
        List<ProbeOutcome> outcomes = new ArrayList<>();
        Optional<LlmException> problem = Optional.empty();
        for (LlmBackendProvider p : providers) {
            if (p == provider) {
                Probed mine = probeAll(List.of(p), config).get(0);
                outcomes.add(mine.outcome());
                problem = Optional.ofNullable(mine.problem());
            } else {
                outcomes.add(new ProbeOutcome(p.id(), p.aliases(), p.priority(), ProbeOutcome.Status.SKIPPED,
                        "not probed: backend '" + config.backend() + "' was asked for", Duration.ZERO));
            }
        }
        ProbeOutcome mine = outcomes.stream().filter(o -> o.id().equals(provider.id())).findFirst().orElseThrow();
        DetectionReport report = new DetectionReport(config.backend(), withLoadErrors(outcomes),
                mine.available() ? Optional.of(provider.id()) : Optional.empty(), Duration.ofNanos(System.nanoTime() - start));
        if (!mine.available()) {
            if (problem.isPresent()) {
                throw problem.get();
            }
            throw new BackendUnavailableException("backend '" + provider.id() + "' (asked for by "
                    + config.describe(LlmConfig.BACKEND) + ") is not available: " + mine.reason(), report);
        }
        return new Selection(provider, report);
    }

    /**
     * The typed problem that should stop an {@code auto} selection: a configuration error on a
     * backend ranked above the chosen one (the user set a value that backend cannot use, and
     * silently falling to a lower backend would hide it), or, when nothing is available, the
     * highest-ranked typed problem (a corrupt model file, a model the server lacks) instead of a
     * generic "not available".
     */
    private static Optional<LlmException> rankedProblem(List<Probed> probed, Optional<String> chosenId) {
        for (Probed p : probed) {
            if (chosenId.isPresent() && p.outcome().id().equals(chosenId.get())) {
                return Optional.empty();
            }
            if (p.problem() instanceof ConfigurationException) {
                return Optional.of(p.problem());
            }
        }
        return chosenId.isPresent() ? Optional.empty()
                : probed.stream().map(Probed::problem).filter(java.util.Objects::nonNull).findFirst();
    }

    private ConfigurationException unknownBackend(LlmConfig config) {
        return new ConfigurationException(config.describe(LlmConfig.BACKEND) + " asks for backend '" + config.backend()
                + "', which is not installed: add the jar that provides it to the classpath. Valid choices: auto, "
                + installed() + loadErrorsSentence());
    }

    private String installed() {
        return providers.isEmpty() ? "(none: no backend jar is on the classpath)"
                : providers.stream().map(p -> p.aliases().isEmpty() ? p.id()
                        : p.id() + " (" + String.join(", ", p.aliases().stream().sorted().toList()) + ")")
                .collect(Collectors.joining(", "));
    }

    private String loadErrorsSentence() {
        return loadErrors.isEmpty() ? "" : ". Problems loading providers: " + String.join("; ", loadErrors);
    }

    private static List<ProbeOutcome> outcomesOf(List<Probed> probed) {
        return probed.stream().map(Probed::outcome).toList();
    }

    private List<Probed> probeAll(List<LlmBackendProvider> targets, LlmConfig config) {
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
        List<Probed> outcomes = new ArrayList<>();
        for (Map.Entry<LlmBackendProvider, Future<ProbeResult>> e : futures.entrySet()) {
            LlmBackendProvider p = e.getKey();
            ProbeOutcome.Status status;
            String reason;
            LlmException problem = null;
            try {
                ProbeResult r = e.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (r == null) {
                    status = ProbeOutcome.Status.FAILED;
                    reason = "the probe returned nothing (a bug in " + p.getClass().getName() + ")";
                } else {
                    problem = r.problem();
                    status = r.available() ? ProbeOutcome.Status.AVAILABLE
                            : problem != null ? ProbeOutcome.Status.FAILED : ProbeOutcome.Status.UNAVAILABLE;
                    reason = r.reason();
                }
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                status = ProbeOutcome.Status.TIMED_OUT;
                reason = "timed out: no answer within the " + deadline.toMillis() + " ms detection deadline ("
                        + config.describe(LlmConfig.DETECT_TIMEOUT) + ")";
            } catch (ExecutionException ex) {
                status = ProbeOutcome.Status.FAILED;
                if (ex.getCause() instanceof LlmException typed) {
                    problem = typed;
                    reason = typed.getMessage();
                } else {
                    reason = "the probe failed: " + ex.getCause();
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new CancelledException("backend detection was interrupted", ex);
            }
            long stamp = finishedAt.get(p).get();
            long took = status == ProbeOutcome.Status.TIMED_OUT || stamp == 0 ? System.nanoTime() - start : stamp - start;
            outcomes.add(new Probed(new ProbeOutcome(p.id(), p.aliases(), p.priority(), status, reason,
                    Duration.ofNanos(Math.max(0, took))), problem));
        }
        return outcomes;
    }

    /** A probe's line in the report, and the typed problem behind it, if any. */
    private record Probed(ProbeOutcome outcome, LlmException problem) {
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

    /**
     * The outcome of {@link #open}.
     *
     * @param client   the client, wrapped for call-time fallback when that is on
     * @param report   what detection found
     * @param refusals {@code "id: reason"} for each candidate whose {@code create} refused before one succeeded
     */
    public record Opened(LlmClient client, DetectionReport report, List<String> refusals) {
        /** Copies the refusals. */
        public Opened {
            refusals = List.copyOf(refusals);
        }
    }
}
