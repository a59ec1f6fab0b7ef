package io.futurnal.llm.ollama;

import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.http.BearerToken;
import io.futurnal.llm.http.HttpSettings;
import io.futurnal.llm.http.TimeoutSetting;
import io.futurnal.llm.spi.Redaction;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ollama backend's configuration, read from {@link LlmConfig}.
 *
 * @param baseUri          the server, from {@link #HOST}
 * @param token            the bearer token, from {@link #API_KEY}
 * @param defaultKeepAlive the {@code keep_alive} sent when a call names none, from {@link #KEEP_ALIVE}
 * @param model            the configured model as an Ollama tag, normalised; empty when none is configured
 * @param context          the {@code num_ctx} to send, from {@link #CONTEXT}; empty for the model's own, capped
 * @param contextSource    how the user names {@link #CONTEXT}, for messages
 * @param truncate         whether Ollama may cut a prompt that does not fit, from {@link #TRUNCATE}
 * @param pull             when to pull the configured model, from {@link #PULL}
 * @param pullTimeout      the longest a pull may take, from {@link #PULL_TIMEOUT}
 */
record OllamaSettings(URI baseUri, Optional<BearerToken> token, Object defaultKeepAlive, Optional<String> model,
                      OptionalInt context, String contextSource, boolean truncate, OllamaPullPolicy pull,
                      TimeoutSetting pullTimeout) {

    /** The largest context window sent by default: a model's own can be 128k, and Ollama allocates it all. */
    static final int DEFAULT_CONTEXT_CAP = 8192;

    /** The provider id. */
    static final String ID = "ollama";

    private static final Logger LOG = LoggerFactory.getLogger(OllamaSettings.class);
    private static final AtomicBoolean CLEAR_TEXT_WARNED = new AtomicBoolean();
    private static final Pattern SECONDS = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern GO_DURATION = Pattern.compile("-?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+");

    /** The server address, Ollama's own {@code OLLAMA_HOST}. */
    static final ConfigKey<URI> HOST = ConfigKey.of("ollama.host", OllamaHost::parse, OllamaHost.DEFAULT,
            "the server, in any of Ollama's forms: `host`, `host:port`, `[::1]:port`, `http(s)://host:port/prefix`."
            + " `0.0.0.0` means this machine");
    /** A bearer token for a remote or proxied Ollama; Ollama's own {@code OLLAMA_API_KEY} when unset (over https only). */
    static final ConfigKey<BearerToken> API_KEY = ConfigKey.of("futurnal.ollama.api.key", BearerToken::of,
            "a bearer token for a remote or proxied Ollama, sent to the configured host; `OLLAMA_API_KEY`"
            + " (Ollama's key for its cloud) is sent over https only. It is never logged").withFallbacks("ollama.api.key");
    /** The {@code keep_alive} sent when a call names none. */
    static final ConfigKey<Object> KEEP_ALIVE = ConfigKey.of("futurnal.ollama.keep.alive",
            (text, source) -> keepAlive(text.strip(), source),
            "default `keep_alive`, e.g. `10m`, `-1` (forever) or `0` (unload)").withDefaultText("the server's (5m)");
    /** The context window sent as {@code num_ctx}. */
    static final ConfigKey<Integer> CONTEXT = ConfigKey.integer("futurnal.ollama.context", 1, Integer.MAX_VALUE,
            "the context window sent as `num_ctx`, in tokens; a prompt that does not fit is an error, not cut")
            .withDefaultText("the model's own, at most " + DEFAULT_CONTEXT_CAP);
    /** Whether Ollama may cut a prompt that does not fit the context window. */
    static final ConfigKey<Boolean> TRUNCATE = ConfigKey.bool("futurnal.ollama.truncate", false,
            "`true` lets Ollama cut a prompt that does not fit the context window (it keeps the start and the end),"
            + " instead of failing with `ContextLengthExceededException`");
    /** When the client pulls the configured model by itself. */
    static final ConfigKey<OllamaPullPolicy> PULL = ConfigKey.of("futurnal.ollama.pull", OllamaPullPolicy::parse,
            OllamaPullPolicy.NEVER, "`never`, `when_missing` (pull the configured model when the server has not got it)"
            + " or `always` (pull it once when the client is first used)").withDefaultText("never");
    /** The longest an automatic pull may take. */
    static final ConfigKey<Duration> PULL_TIMEOUT = ConfigKey.positiveDuration("futurnal.ollama.pull.timeout",
            Duration.ofMinutes(30), "the longest an automatic pull (`FUTURNAL_OLLAMA_PULL`) may take");

    /** This backend's keys and the shared HTTP ones, for {@link OllamaProvider#configKeys()}. */
    static List<ConfigKey<?>> configKeys() {
        List<ConfigKey<?>> all = new ArrayList<>(List.of(HOST, API_KEY, KEEP_ALIVE, CONTEXT, TRUNCATE, PULL, PULL_TIMEOUT));
        all.addAll(HttpSettings.configKeys());
        return List.copyOf(all);
    }

    /**
     * Reads the settings.
     *
     * @throws ConfigurationException when the host, key, keep-alive or model is malformed
     */
    static OllamaSettings from(LlmConfig config) {
        URI base = config.value(HOST);
        Optional<BearerToken> token = tokenFor(base, config);
        Object keepAlive = config.find(KEEP_ALIVE).orElse(null);
        Optional<String> model = config.model()
                .map(m -> OllamaModelNames.requireValid(config.modelRegistry().nameOrSelf(m, ID), config.describe(LlmConfig.MODEL)))
                .map(OllamaModelNames::normalize);
        OptionalInt context = config.find(CONTEXT).map(OptionalInt::of).orElse(OptionalInt.empty());
        TimeoutSetting pullTimeout = new TimeoutSetting(config.value(PULL_TIMEOUT), config.describe(PULL_TIMEOUT));
        return new OllamaSettings(base, token, keepAlive, model, context, config.describe(CONTEXT),
                config.value(TRUNCATE), config.value(PULL), pullTimeout);
    }

    /** The HTTP settings for calls, from the shared timeout, retry and pool keys. */
    HttpSettings http(LlmConfig config) {
        return HttpSettings.fromConfig(config, baseUri, token);
    }

    /**
     * The token to send to {@code base}. Ollama's own {@code OLLAMA_API_KEY} is meant for its cloud,
     * so it never travels in clear text; our own key is the user's explicit choice for this host,
     * sent as asked, with one warning when that exposes it on the network.
     */
    private static Optional<BearerToken> tokenFor(URI base, LlmConfig config) {
        Optional<BearerToken> token = config.find(API_KEY);
        if (token.isEmpty() || base.getScheme().equals("https")) {
            return token;
        }
        if (config.get(API_KEY.name()).isEmpty()) {
            LOG.debug("{} is not sent to {}: it goes over https only; set {} to send a token over plain http",
                    config.describe(API_KEY), Redaction.withoutUserInfo(base.toString()), API_KEY.environmentName());
            return Optional.empty();
        }
        if (!isLoopback(base.getHost()) && CLEAR_TEXT_WARNED.compareAndSet(false, true)) {
            LOG.warn("{} is sent in clear text to {}; use an https address for a server on another machine",
                    API_KEY.environmentName(), Redaction.withoutUserInfo(base.toString()));
        }
        return token;
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    private static Object keepAlive(String v, String source) {
        if (SECONDS.matcher(v).matches()) {
            return v.contains(".") ? Double.parseDouble(v) : Long.parseLong(v);
        }
        if (v.equals("0") || GO_DURATION.matcher(v).matches()) {
            return v;
        }
        throw new ConfigurationException(source + " is '" + v + "'; use a number of seconds or a duration such as"
                + " 30s, 5m or 1h (0 unloads after each call, a negative value keeps the model loaded)");
    }
}
