package io.futurnal.llm.synthetic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a synthetic model as a Hugging Face directory: {@code config.json} with the fields of
 * Meta's Llama 3 configs, {@code generation_config.json}, {@code tokenizer.json} (byte-level BPE
 * with Llama 3's pre-tokenizer split), {@code tokenizer_config.json} and the safetensors.
 */
final class HfDirectoryWriter {

    /** A Llama 3 style chat format: header-delimited roles, each turn closed by {@code <|eot_id|>}. */
    static final String CHAT_TEMPLATE = "{{ bos_token }}{% for message in messages %}"
            + "<|start_header_id|>{{ message['role'] }}<|end_header_id|>\n\n{{ message['content'] | trim }}<|eot_id|>"
            + "{% endfor %}{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}";
    /** Llama 3's pre-tokenizer pattern (contractions, letters, 1-3 digits, punctuation, whitespace). */
    static final String SPLIT_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelShape shape;
    private final Vocabulary vocabulary;
    private final WeightType type;

    HfDirectoryWriter(ModelShape shape, Vocabulary vocabulary, WeightType type) {
        this.shape = shape;
        this.vocabulary = vocabulary;
        this.type = type;
    }

    /** Writes everything but the weights into {@code dir}. */
    void writeTextFiles(Path dir) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config());
        ObjectNode generation = JSON.createObjectNode();
        generation.put("bos_token_id", vocabulary.bos());
        generation.set("eos_token_id", eosIds());
        generation.put("do_sample", true).put("temperature", 0.6).put("top_p", 0.9);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("generation_config.json").toFile(), generation);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("tokenizer_config.json").toFile(), tokenizerConfig());
        writeTokenizer(dir.resolve("tokenizer.json"));
    }

    private ArrayNode eosIds() {
        return JSON.createArrayNode().add(vocabulary.endOfText()).add(vocabulary.endOfMessage()).add(vocabulary.endOfTurn());
    }

    private ObjectNode config() {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("attention_bias", false).put("attention_dropout", 0.0);
        c.put("bos_token_id", vocabulary.bos());
        c.set("eos_token_id", eosIds());
        c.put("head_dim", shape.headDim()).put("hidden_act", "silu").put("hidden_size", shape.hiddenSize());
        c.put("initializer_range", 0.02).put("intermediate_size", shape.intermediateSize());
        c.put("max_position_embeddings", shape.maxPositions()).put("mlp_bias", false).put("model_type", "llama");
        c.put("num_attention_heads", shape.heads()).put("num_hidden_layers", shape.layers());
        c.put("num_key_value_heads", shape.kvHeads()).put("pretraining_tp", 1).put("rms_norm_eps", shape.rmsNormEps());
        if (shape.ropeScaling() != null) {
            ModelShape.Llama3RopeScaling s = shape.ropeScaling();
            c.putObject("rope_scaling").put("factor", s.factor()).put("high_freq_factor", s.highFreqFactor())
                    .put("low_freq_factor", s.lowFreqFactor())
                    .put("original_max_position_embeddings", s.originalMaxPositions()).put("rope_type", "llama3");
        } else {
            c.putNull("rope_scaling");
        }
        c.put("rope_theta", shape.ropeTheta()).put("tie_word_embeddings", shape.tiedEmbeddings());
        c.put("torch_dtype", switch (type) {
            case F32 -> "float32";
            case F16 -> "float16";
            default -> "bfloat16";
        });
        c.put("use_cache", true).put("vocab_size", shape.vocabSize());
        return c;
    }

    private ObjectNode tokenizerConfig() {
        ObjectNode c = JSON.createObjectNode();
        c.put("bos_token", token(vocabulary.bos())).put("eos_token", token(vocabulary.endOfTurn()));
        c.put("chat_template", CHAT_TEMPLATE).put("clean_up_tokenization_spaces", true);
        c.put("model_max_length", shape.maxPositions()).put("tokenizer_class", "PreTrainedTokenizerFast");
        return c;
    }

    private String token(int id) {
        return vocabulary.tokens().get(id);
    }

    /** Streams {@code tokenizer.json}: its vocabulary and merges are a few megabytes. */
    private void writeTokenizer(Path file) throws IOException {
        try (JsonGenerator g = JSON.getFactory().createGenerator(file.toFile(), com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("version", "1.0");
            g.writeNullField("truncation");
            g.writeNullField("padding");
            g.writeArrayFieldStart("added_tokens");
            for (int id = vocabulary.bos(); id < vocabulary.tokens().size(); id++) {
                g.writeStartObject();
                g.writeNumberField("id", id);
                g.writeStringField("content", token(id));
                g.writeBooleanField("single_word", false);
                g.writeBooleanField("lstrip", false);
                g.writeBooleanField("rstrip", false);
                g.writeBooleanField("normalized", false);
                g.writeBooleanField("special", true);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNullField("normalizer");
            g.writeObjectFieldStart("pre_tokenizer");
            g.writeStringField("type", "Sequence");
            g.writeArrayFieldStart("pretokenizers");
            g.writeStartObject();
            g.writeStringField("type", "Split");
            g.writeObjectFieldStart("pattern");
            g.writeStringField("Regex", SPLIT_PATTERN);
            g.writeEndObject();
            g.writeStringField("behavior", "Isolated");
            g.writeBooleanField("invert", false);
            g.writeEndObject();
            byteLevel(g);
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectFieldStart("post_processor");
            g.writeStringField("type", "TemplateProcessing");
            g.writeArrayFieldStart("single");
            templatePiece(g, "SpecialToken", token(vocabulary.bos()));
            templatePiece(g, "Sequence", "A");
            g.writeEndArray();
            g.writeArrayFieldStart("pair");
            templatePiece(g, "SpecialToken", token(vocabulary.bos()));
            templatePiece(g, "Sequence", "A");
            templatePiece(g, "SpecialToken", token(vocabulary.bos()));
            templatePiece(g, "Sequence", "B");
            g.writeEndArray();
            g.writeObjectFieldStart("special_tokens");
            g.writeObjectFieldStart(token(vocabulary.bos()));
            g.writeStringField("id", token(vocabulary.bos()));
            g.writeArrayFieldStart("ids");
            g.writeNumber(vocabulary.bos());
            g.writeEndArray();
            g.writeArrayFieldStart("tokens");
            g.writeString(token(vocabulary.bos()));
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeFieldName("decoder");
            byteLevel(g);
            g.writeObjectFieldStart("model");
            g.writeStringField("type", "BPE");
            g.writeNullField("dropout");
            g.writeNullField("unk_token");
            g.writeNullField("continuing_subword_prefix");
            g.writeNullField("end_of_word_suffix");
            g.writeBooleanField("fuse_unk", false);
            g.writeBooleanField("byte_fallback", false);
            g.writeBooleanField("ignore_merges", true);
            g.writeObjectFieldStart("vocab");
            int regular = vocabulary.bos();
            for (int id = 0; id < regular; id++) {
                g.writeNumberField(token(id), id);
            }
            g.writeEndObject();
            g.writeArrayFieldStart("merges");
            for (String merge : vocabulary.merges()) {
                g.writeString(merge);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** The byte-level step; the Split before it already did the word splitting, so no regex here. */
    private static void byteLevel(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "ByteLevel");
        g.writeBooleanField("add_prefix_space", false);
        g.writeBooleanField("trim_offsets", true);
        g.writeBooleanField("use_regex", false);
        g.writeEndObject();
    }

    private static void templatePiece(JsonGenerator g, String kind, String id) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart(kind);
        g.writeStringField("id", id);
        g.writeNumberField("type_id", 0);
        g.writeEndObject();
        g.writeEndObject();
    }
}
