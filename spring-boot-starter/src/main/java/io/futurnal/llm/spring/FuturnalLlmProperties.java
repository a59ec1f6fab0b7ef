package io.futurnal.llm.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code futurnal.llm.*} keys of {@code LlmConfig}, bound with Spring's relaxed binding
 * ({@code futurnal.llm.probe.timeout}, {@code FUTURNAL_LLM_PROBE_TIMEOUT}, ...). Unset values fall
 * back to system properties, the environment and the library's defaults, as without Spring.
 */
@ConfigurationProperties(prefix = "futurnal.llm")
public class FuturnalLlmProperties {

    /** Backend id or alias (ollama, llamacpp, hf, openai, vllm), or auto to pick the best available one. */
    private String backend;

    /** The model: a registry name, Hugging Face id, Ollama tag or file path (futurnal.production.llm). Each backend has a default. */
    private String model;

    /** Whether a call whose backend cannot be reached moves to the next available backend (auto only). */
    private Boolean fallback;

    /** Any other library or backend key, e.g. ollama.host or futurnal.llamacpp.chat.template. */
    private Map<String, String> settings = new LinkedHashMap<>();

    private final Timeout probe = new Timeout();
    private final Timeout detect = new Timeout();
    private final Timeout connect = new Timeout();
    private final Timeout read = new Timeout();
    private final Timeout request = new Timeout();
    private final Models models = new Models();
    private final Cache cache = new Cache();
    private final Langchain4j langchain4j = new Langchain4j();

    public String getBackend() {
        return backend;
    }

    public void setBackend(String backend) {
        this.backend = backend;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public Boolean getFallback() {
        return fallback;
    }

    public void setFallback(Boolean fallback) {
        this.fallback = fallback;
    }

    public Map<String, String> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, String> settings) {
        this.settings = settings;
    }

    /** How long one network probe waits for its server (default 500ms). */
    public Timeout getProbe() {
        return probe;
    }

    /** One deadline for backend detection as a whole (default 3s). */
    public Timeout getDetect() {
        return detect;
    }

    /** Time to open a connection to an HTTP backend (default 10s). */
    public Timeout getConnect() {
        return connect;
    }

    /** Longest silence between two bytes of a response (default 5m). */
    public Timeout getRead() {
        return read;
    }

    /** Total time of one call (default: no limit). */
    public Timeout getRequest() {
        return request;
    }

    /** More model mappings. */
    public Models getModels() {
        return models;
    }

    /** Where native libraries and bundled models are extracted. */
    public Cache getCache() {
        return cache;
    }

    /** Defaults for the LangChain4j ChatModel and StreamingChatModel beans. */
    public Langchain4j getLangchain4j() {
        return langchain4j;
    }

    /** Defaults every LangChain4j request starts from; a request's own values win. */
    public static class Langchain4j {
        /** Most tokens one reply may have (default: the backend's limit). */
        private Integer maxOutputTokens;

        /** Sampling temperature, 0 for greedy decoding (default: the backend's). */
        private Double temperature;

        public Integer getMaxOutputTokens() {
            return maxOutputTokens;
        }

        public void setMaxOutputTokens(Integer maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
        }

        public Double getTemperature() {
            return temperature;
        }

        public void setTemperature(Double temperature) {
            this.temperature = temperature;
        }
    }

    /** A timeout. */
    public static class Timeout {
        /** The duration, e.g. 500ms, 30s or PT1M. */
        private Duration timeout;

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** The models file. */
    public static class Models {
        /** A JSON file with more model mappings. */
        private Path file;

        public Path getFile() {
            return file;
        }

        public void setFile(Path file) {
            this.file = file;
        }
    }

    /** The cache directory. */
    public static class Cache {
        /** Directory for extracted native libraries and bundled models (default ~/.cache/futurnal-llm). */
        private Path dir;

        public Path getDir() {
            return dir;
        }

        public void setDir(Path dir) {
            this.dir = dir;
        }
    }
}
