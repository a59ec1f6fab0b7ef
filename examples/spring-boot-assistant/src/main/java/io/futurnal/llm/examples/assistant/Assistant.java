package io.futurnal.llm.examples.assistant;

import dev.langchain4j.service.SystemMessage;

/** A LangChain4j AiServices interface; LangChain4j implements it on the auto-configured ChatModel. */
public interface Assistant {

    @SystemMessage("You are a storyteller. Continue the user's words as a short story.")
    String answer(String question);
}
