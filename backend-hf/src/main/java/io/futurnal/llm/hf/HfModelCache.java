package io.futurnal.llm.hf;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The models loaded in this JVM, shared by every client of the same directory and settings: a
 * second client takes a reference on the loaded model instead of loading a second copy. The
 * model's own reference count (clients and running streams) frees it when the last one lets go,
 * and it leaves this cache then. Loads of the same key are serialised; other keys are not held up.
 */
final class HfModelCache {

    /**
     * What makes two loads the same model.
     *
     * @param directory the model directory, resolved to its real path
     * @param context   the context limit asked for
     * @param dtype     the dtype asked for
     */
    record Key(Path directory, int context, HfSettings.Dtype dtype) {
    }

    private static final Map<Key, Object> LOCKS = new HashMap<>();
    private static final Map<Key, HfModel> LOADED = new HashMap<>();

    private HfModelCache() {
    }

    /** A referenced model for {@code key}: the loaded one when there is one, else what {@code loader} loads. */
    static HfModel acquire(Key key, Supplier<HfModel> loader) {
        Object lock;
        synchronized (LOADED) {
            HfModel model = LOADED.get(key);
            if (model != null && model.retain()) {
                return model;
            }
            lock = LOCKS.computeIfAbsent(key, k -> new Object());
        }
        synchronized (lock) {
            synchronized (LOADED) {
                HfModel model = LOADED.get(key);
                if (model != null && model.retain()) {
                    return model;
                }
            }
            HfModel model = loader.get();
            model.onFree(() -> {
                synchronized (LOADED) {
                    LOADED.remove(key, model);
                }
            });
            synchronized (LOADED) {
                LOADED.put(key, model);
            }
            return model;
        }
    }

    /** Models loaded now. */
    static int loaded() {
        synchronized (LOADED) {
            return LOADED.size();
        }
    }
}
