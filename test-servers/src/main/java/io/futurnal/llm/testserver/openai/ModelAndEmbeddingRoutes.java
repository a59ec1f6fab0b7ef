package io.futurnal.llm.testserver.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.Responder;
import io.futurnal.llm.testserver.ScriptedPieces;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/** {@code GET /v1/models} and {@code POST /v1/embeddings}, shaped as vLLM shapes them. */
final class ModelAndEmbeddingRoutes {

    private final FakeOpenAiServer server;

    ModelAndEmbeddingRoutes(FakeOpenAiServer server) {
        this.server = server;
    }

    void register() {
        server.openAiRoute("GET", "/v1/models", this::models);
        server.openAiRoute("POST", "/v1/embeddings", this::embeddings);
    }

    private void models(RecordedRequest request, Responder out) throws IOException {
        ObjectNode root = VllmJson.MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (ServedModel m : server.models()) {
            ObjectNode card = data.addObject();
            card.put("id", m.id());
            card.put("object", "model");
            card.put("created", server.created());
            card.put("owned_by", "vllm");
            card.put("root", m.id());
            card.putNull("parent");
            card.put("max_model_len", m.maxModelLen());
            ObjectNode permission = card.putArray("permission").addObject();
            permission.put("id", "modelperm-" + server.nextId());
            permission.put("object", "model_permission");
            permission.put("created", server.created());
            permission.put("allow_create_engine", false);
            permission.put("allow_sampling", true);
            permission.put("allow_logprobs", true);
            permission.put("allow_search_indices", false);
            permission.put("allow_view", true);
            permission.put("allow_fine_tuning", false);
            permission.put("organization", "*");
            permission.putNull("group");
            permission.put("is_blocking", false);
        }
        out.json(200, VllmJson.write(root));
    }

    private void embeddings(RecordedRequest request, Responder out) throws IOException, OpenAiFailure {
        JsonNode body = VllmRequests.body(request);
        ServedModel model = server.modelFor(body.path("model"));
        if (!model.canEmbed()) {
            throw OpenAiFailure.badRequest(null, "The model does not support Embeddings API");
        }
        List<String> inputs = inputs(body.path("input"));
        String format = body.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw OpenAiFailure.badRequest("encoding_format", "encoding_format must be float or base64");
        }
        ObjectNode root = VllmJson.head("embd-" + server.nextId(), "list", server.created(), model.id());
        ArrayNode data = root.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = vectorFor(inputs.get(i), model.embeddingDimensions());
            tokens += ScriptedPieces.promptTokens(inputs.get(i));
            ObjectNode item = data.addObject();
            item.put("index", i);
            item.put("object", "embedding");
            if (format.equals("float")) {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            } else {
                ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vector) {
                    bytes.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            }
        }
        root.set("usage", VllmJson.usage(tokens, 0));
        out.json(200, VllmJson.write(root));
    }

    private static List<String> inputs(JsonNode input) throws OpenAiFailure {
        String message = "input must be a string or a non-empty list of strings";
        if (input.isArray() && input.isEmpty()) {
            throw OpenAiFailure.badRequest("input", message);
        }
        return VllmRequests.stringOrList(input, "input", message);
    }

    /** A unit vector that depends only on the text and the width. */
    static float[] vectorFor(String text, int dimensions) {
        long seed;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            seed = ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Random random = new Random(seed);
        float[] v = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm == 0 ? 1 : norm));
        for (int i = 0; i < dimensions; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
