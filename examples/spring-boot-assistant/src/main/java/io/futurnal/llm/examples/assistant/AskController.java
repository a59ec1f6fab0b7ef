package io.futurnal.llm.examples.assistant;

import io.futurnal.llm.LlmClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /ask?q=...} answers through the assistant and says which backend and model did. */
@RestController
class AskController {
    private final Assistant assistant;
    private final LlmClient client;

    AskController(Assistant assistant, LlmClient client) {
        this.assistant = assistant;
        this.client = client;
    }

    record Answer(String question, String answer, String backend, String model) {
    }

    @GetMapping("/ask")
    Answer ask(@RequestParam(name = "q", defaultValue = "Once upon a time") String question) {
        return new Answer(question, assistant.answer(question), client.info().backend(), client.info().model());
    }
}
