package io.futurnal.llm.examples.assistant;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The starter makes the LlmClient and the LangChain4j ChatModel from application.properties; this
 * application only turns the ChatModel into an AiServices assistant and serves it over HTTP.
 */
@SpringBootApplication
public class AssistantApplication {

    public static void main(String[] args) {
        SpringApplication.run(AssistantApplication.class, args);
    }

    @Bean
    Assistant assistant(ChatModel chatModel) {
        return AiServices.create(Assistant.class, chatModel);
    }
}
