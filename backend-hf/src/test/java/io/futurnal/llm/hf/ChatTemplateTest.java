package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.UnsupportedCapabilityException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Chat templates from tokenizer_config.json, rendered with jinjava as Hugging Face would. */
@Timeout(60)
class ChatTemplateTest {

    private static final String CHATML = "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + "
            + "message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static final String LLAMA2_STYLE = "{{ bos_token }}{% for message in messages %}"
            + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
            + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
            + "{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] | trim + ' [/INST]' }}"
            + "{% elif message['role'] == 'assistant' %}{{ ' ' + message['content'] | trim + ' ' + eos_token }}{% endif %}"
            + "{% endfor %}";

    @TempDir
    Path dir;

    @Test
    void chatmlRendersTurnsAndTheGenerationPrompt() {
        ChatTemplate template = new ChatTemplate(CHATML, "<s>", "</s>");
        String text = template.render(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi!")));
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n", text);
    }

    @Test
    void llamaStyleTemplateUsesSpecialTokensAndFilters() {
        ChatTemplate template = new ChatTemplate(LLAMA2_STYLE, "<s>", "</s>");
        String text = template.render(List.of(ChatMessage.user(" Hello "), ChatMessage.assistant("Hi."),
                ChatMessage.user("Tell a story")));
        assertEquals("<s>[INST] Hello [/INST] Hi. </s>[INST] Tell a story [/INST]", text);
    }

    @Test
    void raiseExceptionInTheTemplateBecomesATypedError() {
        ChatTemplate template = new ChatTemplate(LLAMA2_STYLE, "<s>", "</s>");
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> template.render(List.of(ChatMessage.assistant("first"), ChatMessage.user("second"))));
        assertTrue(e.getMessage().contains("Conversation roles must alternate"), e.getMessage());
    }

    @Test
    void modelWithATemplateChats() throws IOException {
        TestModels.copyAll(dir);
        Path tokenizerConfig = dir.resolve("tokenizer_config.json");
        String json = Files.readString(tokenizerConfig);
        Files.writeString(tokenizerConfig, json.replaceFirst("\\{",
                "{\n  \"chat_template\": " + JsonFiles.MAPPER.writeValueAsString(CHATML) + ","));
        GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).maxTokens(30).build();
        try (HfClient client = TestModels.open(dir)) {
            assertTrue(client.capabilities().contains(Capability.CHAT));
            GenerationResult reply = client.chat(List.of(ChatMessage.user("Once upon a time")), greedy);
            assertFalse(reply.text().isBlank());
            assertEquals(FinishReason.LENGTH, reply.finishReason());
            // the template writes no BOS, and none is added: the prompt is exactly the rendered text
            String rendered = "<|im_start|>user\nOnce upon a time<|im_end|>\n<|im_start|>assistant\n";
            assertEquals(client.tokenize(rendered).length, reply.metrics().promptTokens());

            GenerationResult withSystem = client.chat(List.of(ChatMessage.user("Once upon a time")),
                    greedy.toBuilder().systemPrompt("Be kind.").build());
            String renderedWithSystem = "<|im_start|>system\nBe kind.<|im_end|>\n" + rendered;
            assertEquals(client.tokenize(renderedWithSystem).length, withSystem.metrics().promptTokens());

            assertEquals(Capability.IMAGES, assertThrows(UnsupportedCapabilityException.class, () -> client.chat(
                    List.of(ChatMessage.user("look").withImage(new byte[] {1})), greedy)).capability());
            assertThrows(InvalidRequestException.class, () -> client.chat(List.of(), greedy));
        }
    }
}
