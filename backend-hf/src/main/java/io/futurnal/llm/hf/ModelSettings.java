package io.futurnal.llm.hf;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Generation-relevant settings around the weights: BOS handling and special tokens from
 * {@code tokenizer_config.json}, end-of-sequence ids from {@code generation_config.json} and
 * {@code config.json}, and the chat template.
 *
 * @param addBosToken  {@code add_bos_token}, or {@code null} when the file does not say
 * @param bosToken     the BOS token text, or {@code null}
 * @param eosToken     the EOS token text, or {@code null}
 * @param bosTokenId   the BOS id, or -1
 * @param eosTokenIds  ids that end generation (may be empty until the tokenizer fills it in)
 * @param chatTemplate the Jinja chat template, or {@code null} when the model has none
 */
record ModelSettings(Boolean addBosToken, String bosToken, String eosToken, int bosTokenId, Set<Integer> eosTokenIds,
                     String chatTemplate) {

    ModelSettings {
        eosTokenIds = Set.copyOf(eosTokenIds);
    }

    /**
     * Reads the settings of the model in {@code dir}; every file but {@code config.json} is optional.
     *
     * @throws InvalidModelFileException when a present file is malformed
     */
    static ModelSettings read(Path dir, LlamaConfig config) {
        Optional<JsonNode> tokenizerConfig = JsonFiles.readOptionalObject(dir.resolve("tokenizer_config.json"));
        JsonNode tc = tokenizerConfig.orElse(JsonFiles.MAPPER.createObjectNode());
        Boolean addBos = tc.path("add_bos_token").isBoolean() ? tc.get("add_bos_token").asBoolean() : null;
        Set<Integer> eos = new LinkedHashSet<>();
        int bosId = config.bosTokenId();
        Path generationFile = dir.resolve("generation_config.json");
        if (Files.exists(generationFile)) {
            JsonObject generation = JsonObject.read(generationFile);
            int vocab = config.vocabSize();
            eos.addAll(generation.tokenIds("eos_token_id", vocab));
            if (generation.raw("bos_token_id") instanceof List<?> list) {
                throw generation.invalid("bos_token_id", "must be one token id, not a list", list);
            }
            List<Integer> bos = generation.tokenIds("bos_token_id", vocab);
            if (bosId < 0 && bos.size() == 1) {
                bosId = bos.get(0);
            }
        }
        eos.addAll(config.eosTokenIds());
        return new ModelSettings(addBos, tokenText(tc.path("bos_token")), tokenText(tc.path("eos_token")), bosId, eos,
                chatTemplate(dir, tc));
    }

    /** A copy with these end-of-sequence ids. */
    ModelSettings withEosTokenIds(Set<Integer> ids) {
        return new ModelSettings(addBosToken, bosToken, eosToken, bosTokenId, ids, chatTemplate);
    }

    /** A copy with this BOS id. */
    ModelSettings withBosTokenId(int id) {
        return new ModelSettings(addBosToken, bosToken, eosToken, id, eosTokenIds, chatTemplate);
    }

    private static String tokenText(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject() && node.path("content").isTextual()) {
            return node.get("content").asText();
        }
        return null;
    }

    /** {@code chat_template} as a string, or the {@code default} entry of a list of named templates, or {@code chat_template.jinja}. */
    private static String chatTemplate(Path dir, JsonNode tokenizerConfig) {
        JsonNode template = tokenizerConfig.path("chat_template");
        if (template.isTextual() && !template.asText().isBlank()) {
            return template.asText();
        }
        if (template.isArray()) {
            for (JsonNode named : template) {
                if (named.path("name").asText("").equals("default") && named.path("template").isTextual()) {
                    return named.get("template").asText();
                }
            }
        }
        Path file = dir.resolve("chat_template.jinja");
        if (Files.isRegularFile(file)) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                return text.isBlank() ? null : text;
            } catch (IOException e) {
                throw new InvalidModelFileException(file, "cannot be read: " + e.getMessage(), e);
            }
        }
        return null;
    }
}
