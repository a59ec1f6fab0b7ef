package io.futurnal.llm;

/**
 * One progress update while a model is downloaded.
 *
 * @param status    what the server is doing, e.g. {@code pulling manifest}, {@code success}
 * @param digest    the layer being downloaded, or empty
 * @param total     bytes of that layer, or 0 when unknown
 * @param completed bytes of that layer done so far
 */
public record PullProgress(String status, String digest, long total, long completed) {
    /** Fraction done in [0, 1], or -1 when the size is unknown. */
    public double fraction() {
        return total <= 0 ? -1 : Math.min(1.0, (double) completed / total);
    }
}
