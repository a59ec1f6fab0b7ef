package io.futurnal.llm.llamacpp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Says what a file that is not GGUF looks like, so the error message helps fix it. */
final class MagicBytes {

    private static final int SAMPLE = 64;

    private MagicBytes() {
    }

    /** A short description of the file's first bytes, e.g. "it is a Git LFS pointer, not the model". */
    static String describe(Path path) {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(SAMPLE);
        } catch (IOException e) {
            return "its first bytes cannot be read (" + e.getMessage() + ")";
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String lower = text.toLowerCase(Locale.ROOT);
        if (text.startsWith("version https://git-lfs")) {
            return "it is a Git LFS pointer, not the model itself; fetch the real file with 'git lfs pull'";
        }
        if (lower.startsWith("<!doctype") || lower.startsWith("<html")) {
            return "it is an HTML page (a failed download?)";
        }
        if (text.startsWith("PK\u0003\u0004")) {
            return "it is a zip archive (a PyTorch .bin/.pt checkpoint?); llama.cpp needs a GGUF conversion";
        }
        if (text.startsWith("lmgg") || text.startsWith("fmgg") || text.startsWith("tjgg") || text.startsWith("algg")) {
            return "it is a model in the old GGML/GGJT format; convert it to GGUF with a recent llama.cpp";
        }
        if (looksLikeSafetensors(head)) {
            return "it is a safetensors file (Hugging Face weights); use the hf backend or convert it to GGUF";
        }
        if (isText(head)) {
            String start = text.strip();
            start = start.length() > 24 ? start.substring(0, 24) + "..." : start;
            return "it looks like a text file starting with '" + start.replaceAll("\\s+", " ") + "'";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(4, head.length); i++) {
            hex.append(String.format(Locale.ROOT, "%02x ", head[i] & 0xFF));
        }
        return "it starts with bytes " + hex.toString().trim() + " instead of 'GGUF'";
    }

    private static boolean looksLikeSafetensors(byte[] head) {
        if (head.length < 10) {
            return false;
        }
        long headerLength = 0;
        for (int i = 7; i >= 0; i--) {
            headerLength = (headerLength << 8) | (head[i] & 0xFF);
        }
        return headerLength > 0 && headerLength < (1L << 30) && head[8] == '{';
    }

    private static boolean isText(byte[] head) {
        if (head.length == 0) {
            return false;
        }
        for (byte b : head) {
            int c = b & 0xFF;
            boolean printable = c >= 0x20 && c < 0x7F || c == '\n' || c == '\r' || c == '\t' || c >= 0x80;
            if (!printable) {
                return false;
            }
        }
        return true;
    }
}
