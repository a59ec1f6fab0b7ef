package io.futurnal.llm.llamacpp;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models loaded in this JVM, shared by every client with the same {@link LoadKey} and counted:
 * the second client for a model does not load it again. Loading happens under a per-key lock, so
 * clients of other models are not held up.
 *
 * <p>When the last client of a model closes, the model normally stays loaded, idle, for the next
 * client with the same key. The bindings (4.2.0) cannot free a model: their close only stops its
 * worker thread and leaves the weights, context and KV cache allocated, so closing and loading
 * again would only add another copy (about 30 MB per cycle for the 260K toy model at context 2048,
 * far more for real models). With {@link LlamaCppSettings#KEEP_LOADED} off, the last close stops
 * the model anyway.
 */
final class ModelCache {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
    private static final Map<LoadKey, Slot> SLOTS = new HashMap<>();
    private static final AtomicLong LOADS = new AtomicLong();

    private ModelCache() {
    }

    /** A counted reference to a loaded model. */
    interface Lease extends AutoCloseable {
        NativeModel model();

        /** Whether this lease caused the load (so its first call reports the load time). */
        boolean loadedByThisLease();

        /** Drops the reference. Idempotent. */
        @Override
        void close();
    }

    /**
     * A reference to the model for {@code key}, loading it with {@code header} when it is not loaded
     * yet. With {@code keepLoaded} false, dropping the last reference closes the model.
     */
    static Lease acquire(LoadKey key, GgufHeader header, boolean keepLoaded) {
        Slot slot;
        synchronized (SLOTS) {
            slot = SLOTS.computeIfAbsent(key, k -> new Slot());
            slot.references++;
        }
        boolean loadedHere = false;
        NativeModel model;
        synchronized (slot) {
            if (slot.model == null) {
                try {
                    slot.model = NativeModel.load(key, header);
                    LOADS.incrementAndGet();
                    loadedHere = true;
                    LOG.debug("loaded {} in {} ms", key.path(), slot.model.loadDuration.toMillis());
                } catch (RuntimeException | Error e) {
                    drop(key, slot, false);
                    throw e;
                }
            }
            model = slot.model;
        }
        return new CountedLease(key, slot, model, loadedHere, keepLoaded);
    }

    /** Native loads since the JVM started. */
    static long loads() {
        return LOADS.get();
    }

    /** Models loaded now, in use or idle. */
    static int loaded() {
        synchronized (SLOTS) {
            return (int) SLOTS.values().stream().filter(s -> s.model != null).count();
        }
    }

    /** Models with at least one open client. */
    static int inUse() {
        synchronized (SLOTS) {
            return (int) SLOTS.values().stream().filter(s -> s.model != null && s.references > 0).count();
        }
    }

    private static void drop(LoadKey key, Slot slot, boolean keepLoaded) {
        NativeModel toClose = null;
        synchronized (SLOTS) {
            slot.references--;
            boolean idle = slot.references == 0 && SLOTS.get(key) == slot;
            if (idle && (!keepLoaded || slot.model == null)) {
                SLOTS.remove(key);
                toClose = slot.model;
            }
        }
        if (toClose != null) {
            synchronized (slot) {
                toClose.close();
                slot.model = null;
            }
            LOG.debug("closed {}", key.path());
        }
    }

    private static final class Slot {
        int references;
        NativeModel model;
    }

    private static final class CountedLease implements Lease {
        private final LoadKey key;
        private final Slot slot;
        private final NativeModel model;
        private final boolean loadedHere;
        private final boolean keepLoaded;
        private boolean closed;

        CountedLease(LoadKey key, Slot slot, NativeModel model, boolean loadedHere, boolean keepLoaded) {
            this.key = key;
            this.slot = slot;
            this.model = model;
            this.loadedHere = loadedHere;
            this.keepLoaded = keepLoaded;
        }

        @Override
        public NativeModel model() {
            return model;
        }

        @Override
        public boolean loadedByThisLease() {
            return loadedHere;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            drop(key, slot, keepLoaded);
        }
    }
}
