package io.futurnal.llm;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** Loads every registered implementation of a service, skipping (and reporting) the ones that fail to load. */
final class ServiceLoading {

    private ServiceLoading() {
    }

    /**
     * The implementations of {@code type} that load; each one that does not is handed to
     * {@code onError} as its message. Bounded, because a broken registration can make the
     * iterator fail on every call.
     */
    static <S> List<S> loadAll(Class<S> type, ClassLoader loader, Consumer<String> onError) {
        List<S> found = new ArrayList<>();
        Iterator<S> it = ServiceLoader.load(type, loader).iterator();
        for (int guard = 0; guard < 1000; guard++) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                onError.accept(e.getMessage());
            }
        }
        return found;
    }
}
