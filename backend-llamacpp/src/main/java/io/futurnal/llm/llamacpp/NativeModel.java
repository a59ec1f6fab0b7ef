package io.futurnal.llm.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import de.kherud.llama.args.PoolingType;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.CancelledException;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model loaded by llama.cpp, shared by every client with the same {@link LoadKey}. Calls that
 * run the model (generation, embeddings) hold its single permit one at a time, so output does not
 * depend on scheduling; tokenizing and chat templating only read and run concurrently.
 */
final class NativeModel {

    /** The physical batch llama.cpp uses; an embedding input must fit in one. */
    static final int MICRO_BATCH = 512;

    private static final Logger LOG = LoggerFactory.getLogger(NativeModel.class);
    private static final long CLOSE_WAIT_SECONDS = 30;

    final LoadKey key;
    final GgufHeader header;
    final Duration loadDuration;
    private final LlamaModel model;
    private final Semaphore permit = new Semaphore(1, true);
    private volatile Thread holder;
    private volatile NativeRun active;
    private volatile boolean closed;

    private NativeModel(LoadKey key, GgufHeader header, LlamaModel model, Duration loadDuration) {
        this.key = key;
        this.header = header;
        this.model = model;
        this.loadDuration = loadDuration;
    }

    /** Loads the model; the header must already have been validated. */
    static NativeModel load(LoadKey key, GgufHeader header) {
        ModelParameters parameters = new ModelParameters()
                .setModel(key.path().toString())
                .setThreads(key.threads())
                .setThreadsBatch(key.threads())
                .setCtxSize(key.contextSize())
                .setParallel(1)
                .disableContextShift();
        if (!key.nativeLog()) {
            parameters.disableLog();
        }
        key.gpuLayers().ifPresent(parameters::setGpuLayers);
        if (!key.chatTemplate().isEmpty()) {
            parameters.setChatTemplate(key.chatTemplate());
        }
        if (key.embeddings()) {
            parameters.enableEmbedding();
            if (header.poolingType() < 0) {
                // a causal model declares no pooling; llama.cpp would then return the first token's vector
                parameters.setPoolingType(PoolingType.LAST);
            }
        }
        long start = System.nanoTime();
        LlamaModel model;
        try {
            model = new LlamaModel(parameters);
        } catch (RuntimeException e) {
            throw NativeErrors.loadFailure(key.path(), header, e);
        }
        if (!hasNativeContext(model)) {
            throw new BackendFailureException("llama.cpp rejected the load parameters for " + key.path()
                    + " without loading the model (bindings " + NativeLibrary.BINDINGS_VERSION + ")");
        }
        return new NativeModel(key, header, model, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Token ids for {@code text}, without a beginning-of-sequence token. */
    int[] encode(String text) {
        ensureOpen();
        try {
            return model.encode(text);
        } catch (RuntimeException e) {
            throw NativeErrors.callFailure("tokenization", key.path(), e);
        }
    }

    /** The text of {@code tokens}; ids outside the vocabulary are rejected before native code sees them. */
    String decode(int[] tokens) {
        ensureOpen();
        long vocabulary = header.vocabularySize();
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || (vocabulary > 0 && tokens[i] >= vocabulary)) {
                throw new InvalidRequestException("token id " + tokens[i] + " at index " + i
                        + " is outside the vocabulary of " + vocabulary + " tokens");
            }
        }
        try {
            return model.decode(tokens);
        } catch (RuntimeException e) {
            throw NativeErrors.callFailure("detokenization", key.path(), e);
        }
    }

    /**
     * The prompt the chat template makes of a system text and alternating user/assistant turns
     * (pairs of role and content), ending with the assistant's turn to speak.
     */
    String applyTemplate(String system, List<Pair<String, String>> turns) {
        ensureOpen();
        List<String> texts = new ArrayList<>();
        texts.add(system == null ? "" : system);
        turns.forEach(t -> texts.add(t.getValue()));
        SafeJniText safe = SafeJniText.forTexts(texts);
        List<Pair<String, String>> protectedTurns = new ArrayList<>();
        for (Pair<String, String> turn : turns) {
            protectedTurns.add(new Pair<>(turn.getKey(), safe.protect(turn.getValue())));
        }
        InferenceParameters request = new InferenceParameters("")
                .setMessages(system == null ? null : safe.protect(system), protectedTurns);
        try {
            return safe.restore(model.applyTemplate(request));
        } catch (RuntimeException e) {
            throw NativeErrors.callFailure("chat templating", key.path(), e);
        }
    }

    /** The embedding of {@code text}; needs a model loaded with embeddings. */
    float[] embed(String text, BooleanSupplier cancelled) {
        acquire(cancelled);
        try {
            ensureOpen();
            return model.embed(text);
        } catch (RuntimeException e) {
            throw NativeErrors.callFailure("embedding", key.path(), e);
        } finally {
            release();
        }
    }

    /** Starts a native generation for {@code run}; the permit is held until the run ends. */
    de.kherud.llama.LlamaIterator startGeneration(NativeRun run, InferenceParameters parameters) {
        acquire(run::stopRequested);
        active = run;
        try {
            ensureOpen();
            return (de.kherud.llama.LlamaIterator) model.generate(parameters).iterator();
        } catch (RuntimeException e) {
            release();
            throw NativeErrors.callFailure("generation", key.path(), e);
        }
    }

    /** Ends the run that holds the permit. */
    void finishGeneration(NativeRun run) {
        if (active == run) {
            release();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Stops any generation in progress and stops llama.cpp's worker for this model. Called once, by the cache. */
    void close() {
        closed = true;
        NativeRun running = active;
        if (running != null) {
            running.stop();
        }
        boolean idle = false;
        try {
            idle = permit.tryAcquire(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!idle) {
            LOG.warn("closing {} while a call still runs on it", key.path());
        }
        try {
            model.close();
        } catch (RuntimeException e) {
            LOG.debug("llama.cpp failed to close {}", key.path(), e);
        }
    }

    private void acquire(BooleanSupplier cancelled) {
        if (holder == Thread.currentThread()) {
            throw new InvalidRequestException("this thread still has an unfinished stream on " + key.path().getFileName()
                    + "; read it to the end or close it before starting another call on the same model");
        }
        try {
            while (!permit.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new LlmException("the llama.cpp model " + key.path().getFileName() + " has been closed");
                }
                if (cancelled.getAsBoolean()) {
                    throw new CancelledException("the call was cancelled while waiting for the model");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted while waiting for the model", e);
        }
        holder = Thread.currentThread();
    }

    private void release() {
        active = null;
        holder = null;
        permit.release();
    }

    private void ensureOpen() {
        if (closed) {
            throw new LlmException("the llama.cpp model " + key.path().getFileName() + " has been closed");
        }
    }

    /** The bindings return normally with no model when llama.cpp rejects an argument; their handle is then 0. */
    private static boolean hasNativeContext(LlamaModel model) {
        try {
            Field handle = LlamaModel.class.getDeclaredField("ctx");
            handle.setAccessible(true);
            return handle.getLong(model) != 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot inspect the native handle of LlamaModel", e);
            return true;
        }
    }
}
