package io.futurnal.llm.fakes;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.InvalidModelFileException;

import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.util.Set;

/**
 * A provider whose probe is scripted through configuration keys, so tests can drive selection:
 * {@code test.<id>.available} (true/false), {@code test.<id>.hang} (never answers),
 * {@code test.<id>.throw} (the probe throws).
 */
public abstract class ScriptedProvider implements LlmBackendProvider {
    private final String id;
    private final int priority;
    private final Set<String> aliases;

    protected ScriptedProvider(String id, int priority, Set<String> aliases) {
        this.id = id;
        this.priority = priority;
        this.aliases = aliases;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Set<String> aliases() {
        return aliases;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public ProbeResult probe(LlmConfig config) {
        if (config.getBoolean("test." + id + ".hang", false)) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ProbeResult.unavailable("woke up");
        }
        if (config.getBoolean("test." + id + ".throw", false)) {
            throw new IllegalStateException("probe exploded");
        }
        if (config.getBoolean("test." + id + ".misconfigured", false)) {
            return ProbeResult.failed(new ConfigurationException("FUTURNAL_" + id.toUpperCase(java.util.Locale.ROOT)
                    + "_THING is 'zz'; use a number"));
        }
        if (config.getBoolean("test." + id + ".corrupt", false)) {
            return ProbeResult.failed(new InvalidModelFileException(java.nio.file.Path.of("/models/" + id + ".bin"), "the file is truncated"));
        }
        return config.getBoolean("test." + id + ".available", false)
                ? ProbeResult.available(id + " is scripted available")
                : ProbeResult.unavailable(id + " is scripted unavailable");
    }

    @Override
    public LlmClient create(LlmConfig config) {
        return new EchoClient(id, config.model().orElse("echo-model"));
    }

    /** Priority 50, alias "first". */
    public static final class Alpha extends ScriptedProvider {
        public Alpha() {
            super("alpha", 50, Set.of("first"));
        }
    }

    /** Priority 50 as well: ties with alpha and must sort after it by id. */
    public static final class Beta extends ScriptedProvider {
        public Beta() {
            super("beta", 50, Set.of());
        }
    }

    /** The highest priority. */
    public static final class Gamma extends ScriptedProvider {
        public Gamma() {
            super("gamma", 90, Set.of("g"));
        }
    }
}
