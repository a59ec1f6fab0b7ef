package io.futurnal.llm.testserver.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.testserver.RecordedRequest;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;

/** Validation of request bodies with the messages Ollama's Go server gives. */
final class RequestChecks {

    /** Go's {@code time.ParseDuration} syntax. */
    private static final Pattern GO_DURATION =
            Pattern.compile("[-+]?(0|((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+)");

    /** A keep-alive that never expires. */
    static final Duration FOREVER = Duration.ofDays(365 * 100L);

    private RequestChecks() {
    }

    /** The JSON body, or the 400 Ollama gives for a missing or malformed one. */
    static JsonNode body(RecordedRequest request) throws OllamaError {
        String text = request.bodyText();
        if (text.isBlank()) {
            throw OllamaError.badRequest("missing request body");
        }
        JsonNode json = request.json();
        if (json.isMissingNode()) {
            char first = text.strip().charAt(0);
            throw OllamaError.badRequest("invalid character '" + first + "' looking for beginning of value");
        }
        if (!json.isObject()) {
            throw OllamaError.badRequest("json: cannot unmarshal " + goType(json) + " into Go value of type api.Request");
        }
        return json;
    }

    /** A string field ({@code ""} when absent), or Go's unmarshal error for another type. */
    static String string(JsonNode body, String field, String struct) throws OllamaError {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw typeError(v, struct, field, "string");
        }
        return v.asText();
    }

    /** A boolean field, or {@code defaultValue} when absent. */
    static boolean bool(JsonNode body, String field, String struct, boolean defaultValue) throws OllamaError {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            throw typeError(v, struct, field, "bool");
        }
        return v.asBoolean();
    }

    /** The model name, or {@code model is required}. */
    static String model(JsonNode body, String struct) throws OllamaError {
        String model = string(body, "model", struct);
        if (model.isBlank()) {
            model = string(body, "name", struct);
        }
        if (model.isBlank()) {
            throw OllamaError.badRequest("model is required");
        }
        return model;
    }

    /**
     * {@code keep_alive}: a number of seconds or a Go duration string; negative means forever.
     * Absent gives {@code null} (the server default).
     */
    static Duration keepAlive(JsonNode body) throws OllamaError {
        JsonNode v = body.path("keep_alive");
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            double seconds = v.asDouble();
            return seconds < 0 ? FOREVER : Duration.ofMillis(Math.round(seconds * 1000));
        }
        if (v.isTextual()) {
            String s = v.asText();
            if (!GO_DURATION.matcher(s).matches()) {
                throw OllamaError.badRequest("time: invalid duration \"" + s + "\"");
            }
            Duration d = parseGoDuration(s);
            return d.isNegative() ? FOREVER : d;
        }
        throw OllamaError.badRequest("Unsupported type: '" + goType(v) + "'");
    }

    /** {@code think}: true/false or a level string; {@code null} when absent. */
    static Boolean think(JsonNode body) throws OllamaError {
        JsonNode v = body.path("think");
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().equals("low") || v.asText().equals("medium") || v.asText().equals("high"))) {
            return true;
        }
        throw OllamaError.badRequest("invalid think value: " + v + " (must be \"high\", \"medium\", \"low\", true, or false)");
    }

    /** Checks that {@code images} holds valid base64 strings; returns how many. */
    static int images(JsonNode images, String struct) throws OllamaError {
        if (images.isMissingNode() || images.isNull()) {
            return 0;
        }
        if (!images.isArray()) {
            throw typeError(images, struct, "images", "[]api.ImageData");
        }
        for (JsonNode image : images) {
            if (!image.isTextual()) {
                throw typeError(image, struct, "images", "api.ImageData");
            }
            try {
                Base64.getDecoder().decode(image.asText());
            } catch (IllegalArgumentException e) {
                throw OllamaError.badRequest("illegal base64 data at input byte 0");
            }
        }
        return images.size();
    }

    static OllamaError typeError(JsonNode v, String struct, String field, String goType) {
        return OllamaError.badRequest("json: cannot unmarshal " + goType(v) + " into Go struct field "
                + struct + "." + field + " of type " + goType);
    }

    private static String goType(JsonNode v) {
        if (v.isNumber()) {
            return "number";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "array";
        }
        return "object";
    }

    private static Duration parseGoDuration(String s) {
        if (s.replaceAll("[-+]", "").equals("0")) {
            return Duration.ZERO;
        }
        boolean negative = s.startsWith("-");
        java.util.regex.Matcher m = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)").matcher(s);
        double nanos = 0;
        while (m.find()) {
            double amount = Double.parseDouble(m.group(1));
            nanos += amount * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        Duration d = Duration.ofNanos(Math.round(nanos));
        return negative ? d.negated() : d;
    }
}
