package io.futurnal.llm.ollama;

import com.fasterxml.jackson.databind.ObjectReader;
import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.ModelSummary;
import io.futurnal.llm.PullProgress;
import io.futurnal.llm.http.Exchange;
import io.futurnal.llm.http.HttpCall;
import io.futurnal.llm.http.HttpTransport;
import io.futurnal.llm.http.JsonSupport;
import io.futurnal.llm.http.LineReader;
import io.futurnal.llm.http.TimeoutSetting;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** Model housekeeping over {@code /api/tags}, {@code /api/pull}, {@code /api/show}, {@code /api/ps}, delete and copy. */
final class OllamaModels {

    private static final String NDJSON = "application/x-ndjson";

    private final HttpTransport transport;
    private final OllamaErrors errors;
    private final ObjectReader pullReader;

    OllamaModels(HttpTransport transport, OllamaErrors errors) {
        this.transport = transport;
        this.errors = errors;
        this.pullReader = transport.mapper().readerFor(OllamaWire.PullLine.class);
    }

    List<OllamaWire.Tag> tags() {
        OllamaWire.Tags tags = transport.fetchJson(HttpCall.get("/api/tags"), OllamaWire.Tags.class);
        return tags.models() == null ? List.of() : tags.models();
    }

    List<ModelSummary> list() {
        List<ModelSummary> out = new ArrayList<>();
        for (OllamaWire.Tag t : tags()) {
            Map<String, String> details = new LinkedHashMap<>();
            put(details, "digest", t.digest());
            put(details, "modified_at", t.modifiedAt());
            if (t.details() != null) {
                put(details, "format", t.details().format());
                put(details, "family", t.details().family());
                put(details, "parameter_size", t.details().parameterSize());
                put(details, "quantization_level", t.details().quantizationLevel());
            }
            out.add(new ModelSummary(t.name(), t.size(), details));
        }
        return out;
    }

    void pull(String model, Consumer<PullProgress> progress) {
        pull(model, null, progress);
    }

    /** Pulls {@code model}; {@code timeout}, when not null, bounds the whole pull. */
    void pull(String model, TimeoutSetting timeout, Consumer<PullProgress> progress) {
        Objects.requireNonNull(progress, "progress");
        byte[] body = json(new OllamaWire.ModelRequest(model, true, null));
        try (Exchange exchange = transport.open(HttpCall.post("/api/pull", body).accept(NDJSON).timeout(timeout))) {
            LineReader lines = exchange.lines();
            boolean success = false;
            for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.text().isBlank()) {
                    continue;
                }
                OllamaWire.PullLine p = parsePull(line, exchange.url());
                if (p.error() != null) {
                    throw pullError(model, p.error(), exchange.url());
                }
                PullProgress update = new PullProgress(p.status() == null ? "" : p.status(),
                        p.digest() == null ? "" : p.digest(), p.total(), p.completed());
                progress.accept(update);
                success |= "success".equals(p.status());
            }
            if (success) {
                return;
            }
            throw new BackendConnectionException("the pull of '" + model + "' from " + exchange.url()
                    + " ended before \"success\"; the model may be incomplete, pull it again", null);
        }
    }

    void delete(String model) {
        try {
            transport.fetch(HttpCall.delete("/api/delete", json(new OllamaWire.ModelRequest(model, null, null))));
        } catch (ModelNotFoundException e) {
            throw new ModelNotFoundException(e.model(), "it is not installed; see: ollama list");
        }
    }

    void copy(String source, String destination) {
        transport.fetch(HttpCall.post("/api/copy", json(new OllamaWire.CopyRequest(source, destination))));
    }

    OllamaModelInfo show(String model) {
        OllamaWire.Show s = transport.fetchJson(HttpCall.post("/api/show", json(new OllamaWire.ModelRequest(model, null, null))),
                OllamaWire.Show.class);
        OllamaWire.Details d = s.details();
        return new OllamaModelInfo(model, d == null ? "" : nullToEmpty(d.family()), d == null ? "" : nullToEmpty(d.parameterSize()),
                d == null ? "" : nullToEmpty(d.quantizationLevel()),
                s.capabilities() == null ? List.of() : s.capabilities(),
                s.modelInfo() == null ? Map.of() : s.modelInfo(),
                nullToEmpty(s.template()), nullToEmpty(s.parameters()), nullToEmpty(s.modelfile()));
    }

    List<OllamaRunningModel> ps() {
        OllamaWire.Ps ps = transport.fetchJson(HttpCall.get("/api/ps"), OllamaWire.Ps.class);
        List<OllamaRunningModel> out = new ArrayList<>();
        for (OllamaWire.Running r : ps.models() == null ? List.<OllamaWire.Running>of() : ps.models()) {
            out.add(new OllamaRunningModel(r.name(), r.size(), r.sizeVram(), instant(r.expiresAt()), r.contextLength()));
        }
        return out;
    }

    String version() {
        OllamaWire.Version v = transport.fetchJson(HttpCall.get("/api/version"), OllamaWire.Version.class);
        return nullToEmpty(v.version());
    }

    private LlmException pullError(String model, String message, String url) {
        if (message.contains("file does not exist") || message.contains("not found")) {
            return new ModelNotFoundException(model, "Ollama's registry has no such model or tag ("
                    + message + "); check the name at https://ollama.com/library");
        }
        return errors.midStream(message, url);
    }

    private OllamaWire.PullLine parsePull(LineReader.Line line, String url) {
        try {
            return pullReader.readValue(line.text());
        } catch (IOException e) {
            if (!line.terminated()) {
                throw new BackendConnectionException("the pull progress from " + url + " ended in the middle of a line", e);
            }
            throw new BackendFailureException(url + " sent a progress line that is not JSON: " + line.text(), e);
        }
    }

    private byte[] json(Object body) {
        return JsonSupport.toJsonBytes(transport.mapper(), body);
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
