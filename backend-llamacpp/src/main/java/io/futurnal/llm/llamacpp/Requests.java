package io.futurnal.llm.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import io.futurnal.llm.ContextLengthExceededException;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.spi.json.JsonAutomaton;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link GenerationOptions} into the bindings' {@link InferenceParameters}, checking every
 * value first: the bindings pass them as JSON to native code, where a non-finite number or a bad
 * schema ends the JVM. Token probabilities ({@code n_probs}) are never requested; they crash the
 * native side.
 */
final class Requests {

    /** The seed used when none is given, so equal requests give equal text. */
    static final long DEFAULT_SEED = 42;
    static final long MAX_SEED = 0xFFFF_FFFEL;
    static final double MAX_TEMPERATURE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

    private Requests() {
    }

    /**
     * A checked request.
     *
     * @param parameters   what goes to the bindings
     * @param promptTokens tokens in the prompt as the model sees it
     * @param stops        stop strings, applied on the Java side
     * @param prompt       the prompt as text
     * @param json         the automaton that follows JSON output, or null for text (or a schema it cannot follow)
     * @param tokenLimit   most tokens the output may take
     */
    record Prepared(InferenceParameters parameters, int promptTokens, List<String> stops, String prompt,
                    JsonAutomaton json, int tokenLimit) {
    }

    /** Checks {@code options} and builds the request for {@code prompt} on {@code model}. */
    static Prepared completion(String prompt, GenerationOptions options, NativeModel model) {
        int context = model.key.contextSize();
        InferenceParameters parameters = new InferenceParameters(prompt).setCachePrompt(false);
        if (options.temperature() != null) {
            double t = options.temperature();
            if (!Double.isFinite(t) || t > MAX_TEMPERATURE) {
                throw new InvalidRequestException("temperature must be a finite number from 0 to " + MAX_TEMPERATURE + "; got " + t);
            }
            parameters.setTemperature((float) t);
        }
        long seed = options.seed() == null ? DEFAULT_SEED : options.seed();
        if (seed < 0 || seed > MAX_SEED) {
            throw new InvalidRequestException("seed must be from 0 to " + MAX_SEED + " for llama.cpp; got " + seed);
        }
        parameters.setSeed((int) seed);
        if (options.maxTokens() != null && options.maxTokens() > context) {
            throw new InvalidRequestException("maxTokens " + options.maxTokens() + " exceeds the context of " + context
                    + " tokens this model is loaded with; lower it or raise " + LlamaCppSettings.CONTEXT_SIZE);
        }
        if (options.topK() != null) {
            parameters.setTopK(options.topK());
        }
        if (options.topP() != null) {
            parameters.setTopP(options.topP().floatValue());
        }
        grammar(options.format()).ifPresent(parameters::setGrammar);
        extras(options.extra(), parameters, context);
        int promptTokens = model.encode(prompt).length + (model.header.addBosToken() ? 1 : 0);
        if (promptTokens >= context) {
            throw new ContextLengthExceededException("the prompt has " + promptTokens + " tokens, but the context holds "
                    + context + "; shorten it or raise " + LlamaCppSettings.CONTEXT_SIZE);
        }
        // never past the context's end: llama.cpp would shift the prompt out of it without saying so
        int room = context - promptTokens;
        int limit = options.maxTokens() == null ? room : Math.min(options.maxTokens(), room);
        parameters.setNPredict(limit);
        return new Prepared(parameters, promptTokens, options.stop(), prompt, automaton(options.format()), limit);
    }

    /**
     * The request that finishes JSON cut close to the limit: the prompt and what was generated so
     * far, under a grammar that allows only {@code closing}, in at most {@code tokens} tokens.
     */
    static InferenceParameters closing(Prepared request, String generated, String closing, int tokens) {
        return new InferenceParameters(request.prompt() + generated).setCachePrompt(false)
                .setTemperature(0).setSeed((int) DEFAULT_SEED).setNPredict(tokens)
                .setGrammar("root ::= " + JsonGrammar.literal(closing));
    }

    /** The automaton that follows output in {@code format}, or null for text or a schema it does not take. */
    private static JsonAutomaton automaton(ResponseFormat format) {
        if (format instanceof ResponseFormat.Json) {
            return JsonAutomaton.anyObject();
        }
        if (format instanceof ResponseFormat.JsonSchema schema) {
            try {
                return JsonAutomaton.forSchema(schema.schema());
            } catch (InvalidRequestException e) {
                LOG.debug("JSON output is left to llama.cpp's grammar alone: {}", e.getMessage());
            }
        }
        return null;
    }

    private static java.util.Optional<String> grammar(ResponseFormat format) {
        if (format instanceof ResponseFormat.Json) {
            return java.util.Optional.of(JsonGrammar.OBJECT);
        }
        if (format instanceof ResponseFormat.JsonSchema schema) {
            String checked = SchemaGuard.check(schema.schema());
            try {
                return java.util.Optional.of(LlamaModel.jsonSchemaToGrammar(checked));
            } catch (RuntimeException e) {
                throw new InvalidRequestException("llama.cpp could not turn the JSON schema into a grammar: "
                        + NativeErrors.message(e), e);
            }
        }
        return java.util.Optional.empty();
    }

    /** The llama.cpp sampling options accepted in {@link GenerationOptions#extra()}; other keys are ignored. */
    private static void extras(Map<String, Object> extra, InferenceParameters parameters, int context) {
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            switch (e.getKey()) {
                case "min_p" -> parameters.setMinP((float) number(e, 0, 1));
                case "repeat_penalty" -> parameters.setRepeatPenalty((float) number(e, 0, 10));
                case "presence_penalty" -> parameters.setPresencePenalty((float) number(e, -2, 2));
                case "frequency_penalty" -> parameters.setFrequencyPenalty((float) number(e, -2, 2));
                case "repeat_last_n" -> parameters.setRepeatLastN((int) whole(e, -1, context));
                default -> LOG.debug("ignoring option '{}', which the llama.cpp backend does not use", e.getKey());
            }
        }
    }

    private static double number(Map.Entry<String, Object> e, double min, double max) {
        if (!(e.getValue() instanceof Number n) || !Double.isFinite(n.doubleValue())
                || n.doubleValue() < min || n.doubleValue() > max) {
            throw new InvalidRequestException("option '" + e.getKey() + "' must be a number from " + min + " to " + max
                    + "; got " + e.getValue());
        }
        return n.doubleValue();
    }

    private static long whole(Map.Entry<String, Object> e, long min, long max) {
        Object v = e.getValue();
        boolean integral = v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
        if (!integral || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
            throw new InvalidRequestException("option '" + e.getKey() + "' must be a whole number from " + min + " to " + max
                    + "; got " + v);
        }
        return ((Number) v).longValue();
    }
}
