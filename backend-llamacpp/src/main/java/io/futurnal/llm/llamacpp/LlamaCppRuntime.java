package io.futurnal.llm.llamacpp;

import java.time.Duration;

/**
 * JVM-wide facts about this backend, for tests and benchmarks: how many times a model has been
 * loaded into llama.cpp, how many are loaded now, and how long the native library took to load.
 */
public final class LlamaCppRuntime {

    private LlamaCppRuntime() {
    }

    /** Native model loads since the JVM started. Clients sharing a loaded model do not add to it. */
    public static long nativeLoadCount() {
        return ModelCache.loads();
    }

    /**
     * Models loaded in llama.cpp now, in use or idle. A model stays loaded after its last client
     * closes (unless {@code futurnal.llamacpp.keep.loaded} is false), because the bindings cannot
     * free it and loading it again would only use more memory.
     */
    public static int loadedModelCount() {
        return ModelCache.loaded();
    }

    /** Models with at least one open client. */
    public static int modelsInUseCount() {
        return ModelCache.inUse();
    }

    /** How long extracting and loading the llama.cpp native library took, zero before it loaded. */
    public static Duration nativeLibraryLoadTime() {
        return NativeLibrary.loadTime();
    }

    /** The version of the de.kherud:llama bindings this backend was built for. */
    public static String bindingsVersion() {
        return NativeLibrary.BINDINGS_VERSION;
    }
}
