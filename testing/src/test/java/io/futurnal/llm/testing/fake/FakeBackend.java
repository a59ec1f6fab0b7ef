package io.futurnal.llm.testing.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fake providers did during one EngineTestKit run: clients created and closed, probes
 * made, and one ordered event log (client creations, closings and sample tests) for checking
 * when things happened relative to each other.
 */
public final class FakeBackend {
    private static final AtomicInteger CREATED = new AtomicInteger();
    private static final AtomicInteger CLOSED = new AtomicInteger();
    private static final AtomicInteger DOWN_PROBES = new AtomicInteger();
    private static final List<FakeClient> CLIENTS = new CopyOnWriteArrayList<>();
    private static final List<String> LOG = new CopyOnWriteArrayList<>();

    private FakeBackend() {
    }

    /** Forgets everything; call before each run. */
    public static void reset() {
        CREATED.set(0);
        CLOSED.set(0);
        DOWN_PROBES.set(0);
        CLIENTS.clear();
        LOG.clear();
    }

    public static int created() {
        return CREATED.get();
    }

    public static int closed() {
        return CLOSED.get();
    }

    /** Probes of the always-unavailable {@code fake-down} provider. */
    public static int downProbes() {
        return DOWN_PROBES.get();
    }

    public static List<FakeClient> clients() {
        return List.copyOf(CLIENTS);
    }

    /** Appends a line to the ordered event log. */
    public static void log(String event) {
        LOG.add(event);
    }

    public static List<String> events() {
        return new ArrayList<>(LOG);
    }

    static int recordCreated(FakeClient client) {
        CLIENTS.add(client);
        int serial = CREATED.incrementAndGet();
        log("created " + client.info().backend() + "/" + client.info().model() + "#" + serial);
        return serial;
    }

    static void recordClosed(FakeClient client) {
        CLOSED.incrementAndGet();
        log("closed " + client.info().backend() + "/" + client.info().model() + "#" + client.serial());
    }

    static void recordDownProbe() {
        DOWN_PROBES.incrementAndGet();
    }
}
