package io.futurnal.llm.cli;

import io.futurnal.llm.LlmListener;
import io.futurnal.llm.PullProgress;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Draws the progress bar of a model that a backend downloads by itself before it answers (Ollama
 * with {@code FUTURNAL_OLLAMA_PULL}), on stderr like {@code futurnal-llm pull} does, so that a
 * long wait is visible and stdout still carries only the answer.
 */
final class DownloadProgressListener implements LlmListener {

    private final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    private ProgressBar bar;
    private String model = "";

    @Override
    public synchronized void onModelDownload(String backend, String model, PullProgress progress) {
        if (bar == null || !model.equals(this.model)) {
            err.println("futurnal-llm: " + backend + " is downloading " + model);
            bar = new ProgressBar(err, System.console() != null);
            this.model = model;
        }
        bar.update(progress);
        if (progress.status().equals("success")) {
            bar.done();
            bar = null;
        }
    }
}
