package io.futurnal.llm.llamacpp;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models loaded in this JVM, shared by every client with the same {@link LoadKey} and counted:
 * the second client for a model does not load it again, and the model is closed when the last
 * client closes. Loading happens under a per-key lock, so clients of other models are not held up.
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

        /** Drops the reference; the last one closes the model. Idempotent. */
        @Override
        void close();
    }

    /** A reference to the model for {@code key}, loading it with {@code header} when it is not loaded yet. */
    static Lease acquire(LoadKey key, GgufHeader header) {
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
                    drop(key, slot);
                    throw e;
                }
            }
            model = slot.model;
        }
        return new CountedLease(key, slot, model, loadedHere);
    }

    /** Native loads since the JVM started. */
    static long loads() {
        return LOADS.get();
    }

    /** Models loaded now. */
    static int loaded() {
        synchronized (SLOTS) {
            return (int) SLOTS.values().stream().filter(s -> s.model != null).count();
        }
    }

    private static void drop(LoadKey key, Slot slot) {
        NativeModel toClose = null;
        synchronized (SLOTS) {
            slot.references--;
            if (slot.references == 0 && SLOTS.get(key) == slot) {
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
        private boolean closed;

        CountedLease(LoadKey key, Slot slot, NativeModel model, boolean loadedHere) {
            this.key = key;
            this.slot = slot;
            this.model = model;
            this.loadedHere = loadedHere;
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
            drop(key, slot);
        }
    }
}
