package io.futurnal.llm.ollama;

import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.PullProgress;
import io.futurnal.llm.http.TimeoutSetting;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls models by itself, as {@code futurnal.ollama.pull} asks: {@code when_missing} after the
 * server answers that a model is not there, {@code always} once per model when the client first
 * uses it. Each pull runs on the calling thread, within {@code futurnal.ollama.pull.timeout}, and
 * reports its progress in an INFO line every ten percent.
 */
final class OllamaAutoPull {

    private static final Logger LOG = LoggerFactory.getLogger(OllamaAutoPull.class);

    /** Pulls a model within a total timeout, handing each progress line on. */
    @FunctionalInterface
    interface Puller {
        void pull(String model, TimeoutSetting timeout, Consumer<PullProgress> progress);
    }

    private final OllamaPullPolicy policy;
    private final TimeoutSetting timeout;
    private final Puller puller;
    private final BiConsumer<String, PullProgress> observer;
    private final Set<String> pulled = ConcurrentHashMap.newKeySet();

    /** @param observer told of every progress line, with the model's name (the listeners, see {@link io.futurnal.llm.LlmClients#modelDownloadReporter}) */
    OllamaAutoPull(OllamaPullPolicy policy, TimeoutSetting timeout, Puller puller, BiConsumer<String, PullProgress> observer) {
        this.policy = policy;
        this.timeout = timeout;
        this.puller = puller;
        this.observer = observer;
    }

    /** With {@code always}, pulls {@code model} the first time it is used; otherwise does nothing. */
    void beforeFirstUse(String model) {
        if (policy != OllamaPullPolicy.ALWAYS || pulled.contains(model)) {
            return; // the common case takes no lock
        }
        synchronized (this) {
            if (!pulled.contains(model)) {
                pull(model);
            }
        }
    }

    /**
     * Called when the server has not got {@code model}: pulls it when the policy allows, once per
     * client (a model deleted later is not pulled on every call). A thread that waited for another
     * one's pull of the same model is told to try again too.
     *
     * @return whether the model has been pulled, so the call may be tried once more
     */
    synchronized boolean pullMissing(String model, ModelNotFoundException missing) {
        if (policy == OllamaPullPolicy.NEVER) {
            return false;
        }
        if (pulled.contains(model)) {
            return true;
        }
        LOG.info("the Ollama server has not got {} ({}); pulling it, as futurnal.ollama.pull is {}",
                model, missing.getMessage(), policy.settingName());
        pull(model);
        return true;
    }

    private void pull(String model) {
        Consumer<PullProgress> progress = new ProgressLog(model).andThen(p -> observer.accept(model, p));
        try {
            puller.pull(model, timeout, progress);
        } catch (LlmTimeoutException e) {
            throw new LlmTimeoutException("the pull of the Ollama model " + model + " took longer than "
                    + timeout.describe() + "; raise " + OllamaSettings.PULL_TIMEOUT.environmentName()
                    + ", or pull it beforehand with: ollama pull " + model, e);
        }
        pulled.add(model);
        LOG.info("pulled {}", model);
    }

    /** Logs a pull's progress: each new status, and every ten percent of a layer's bytes. */
    private static final class ProgressLog implements Consumer<PullProgress> {
        private final String model;
        private String lastStatus = "";
        private long lastDecile = -1;

        ProgressLog(String model) {
            this.model = model;
        }

        @Override
        public void accept(PullProgress p) {
            boolean newStatus = !p.status().equals(lastStatus);
            long decile = p.fraction() < 0 ? -1 : Math.round(p.fraction() * 100) / 10;
            if (newStatus || decile != lastDecile) {
                if (decile < 0) {
                    LOG.info("pulling {}: {}", model, p.status());
                } else {
                    LOG.info("pulling {}: {} {}% of {} bytes", model, p.status(), decile * 10, p.total());
                }
            }
            lastStatus = p.status();
            lastDecile = decile;
        }
    }
}
