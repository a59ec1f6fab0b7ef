package io.futurnal.llm.testserver.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.Responder;
import io.futurnal.llm.testserver.ScriptedPieces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** {@code POST /api/embed} and the legacy {@code POST /api/embeddings}. */
final class EmbeddingRoutes {

    private final FakeOllamaServer server;

    EmbeddingRoutes(FakeOllamaServer server) {
        this.server = server;
    }

    void register() {
        server.ollamaRoute("POST", "/api/embed", this::embed);
        server.ollamaRoute("POST", "/api/embeddings", this::legacy);
    }

    /**
     * The vector the fake gives {@code text}: the same text always gets the same unit-length vector,
     * different texts get different ones.
     */
    static float[] vectorFor(String text, int dimensions) {
        long seed = 1125899906842597L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            seed = 31 * seed + b;
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return normalize(v);
    }

    private void embed(RecordedRequest request, Responder out) throws IOException, OllamaError {
        JsonNode body = RequestChecks.body(request);
        String asSent = RequestChecks.model(body, "EmbedRequest");
        List<String> inputs = inputs(body.path("input"));
        boolean truncate = RequestChecks.bool(body, "truncate", "EmbedRequest", true);
        int dimensions = body.path("dimensions").asInt(0);
        Duration keepAlive = RequestChecks.keepAlive(body);
        ScriptedModel m = server.find(asSent).orElseThrow(() -> OllamaError.modelNotFound(asSent));
        boolean cold = server.load(m, keepAlive);
        ObjectNode answer = Wire.object();
        answer.put("model", asSent);
        ArrayNode vectors = answer.putArray("embeddings");
        int tokens = 0;
        for (String text : inputs) {
            List<String> words = ScriptedPieces.words(text);
            String used = text;
            if (words.size() > m.contextLength()) {
                if (!truncate) {
                    throw OllamaError.badRequest("the input length exceeds the context length");
                }
                words = words.subList(0, m.contextLength());
                used = String.join("", words);
            }
            tokens += words.size();
            float[] v = vectorFor(used, m.embeddingLength());
            if (dimensions > 0 && dimensions < v.length) {
                v = normalize(java.util.Arrays.copyOf(v, dimensions));
            }
            ArrayNode row = vectors.addArray();
            for (float f : v) {
                row.add(f);
            }
        }
        if (keepAlive != null && keepAlive.isZero()) {
            server.unload(m);
        }
        if (!inputs.isEmpty()) {
            long load = cold ? FakeOllamaServer.LOAD_NANOS_COLD : FakeOllamaServer.LOAD_NANOS_WARM;
            answer.put("total_duration", load + tokens * FakeOllamaServer.PROMPT_EVAL_NANOS_PER_TOKEN + FakeOllamaServer.OVERHEAD_NANOS);
            answer.put("load_duration", load);
            answer.put("prompt_eval_count", tokens);
        }
        out.json(200, Wire.write(answer));
    }

    private void legacy(RecordedRequest request, Responder out) throws IOException, OllamaError {
        JsonNode body = RequestChecks.body(request);
        String asSent = RequestChecks.model(body, "EmbeddingRequest");
        String prompt = RequestChecks.string(body, "prompt", "EmbeddingRequest");
        ScriptedModel m = server.find(asSent)
                .orElseThrow(() -> new OllamaError(404, "model \"" + asSent + "\" not found, try pulling it first"));
        server.load(m, RequestChecks.keepAlive(body));
        ObjectNode answer = Wire.object();
        ArrayNode vector = answer.putArray("embedding");
        if (!prompt.isEmpty()) {
            for (float f : vectorFor(prompt, m.embeddingLength())) {
                vector.add((double) f);
            }
        }
        out.json(200, Wire.write(answer));
    }

    private static List<String> inputs(JsonNode input) throws OllamaError {
        List<String> texts = new ArrayList<>();
        if (input.isMissingNode() || input.isNull()) {
            return texts;
        }
        if (input.isTextual()) {
            if (!input.asText().isEmpty()) {
                texts.add(input.asText());
            }
            return texts;
        }
        if (!input.isArray()) {
            throw OllamaError.badRequest("invalid input type");
        }
        for (JsonNode s : input) {
            if (!s.isTextual()) {
                throw OllamaError.badRequest("invalid input type");
            }
            texts.add(s.asText());
        }
        return texts;
    }

    private static float[] normalize(float[] v) {
        double sum = 0;
        for (float f : v) {
            sum += f * f;
        }
        float norm = (float) (1.0 / Math.max(Math.sqrt(sum), 1e-12));
        for (int i = 0; i < v.length; i++) {
            v[i] *= norm;
        }
        return v;
    }
}
