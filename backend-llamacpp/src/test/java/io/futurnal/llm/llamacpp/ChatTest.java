package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.Role;
import io.futurnal.llm.UnsupportedCapabilityException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat templates: the model's own, a named one, or none. */
class ChatTest {

    private static final GenerationOptions GREEDY = GenerationOptions.builder().temperature(0.0).maxTokens(12).build();

    @TempDir
    static Path dir;

    @Test
    void aModelWithoutATemplateCannotChat() {
        try (LlamaCppClient client = TestModels.openStories()) {
            assertFalse(client.capabilities().contains(Capability.CHAT));
            UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                    () -> client.chat(List.of(ChatMessage.user("Hi")), GREEDY));
            assertEquals(Capability.CHAT, e.capability());
            assertTrue(e.getMessage().contains(LlamaCppSettings.CHAT_TEMPLATE.name()), e.getMessage());
        }
    }

    @Test
    void aNamedTemplateKeepsEmojiAndTheWholePrompt() {
        try (LlamaCppClient client = TestModels.open(TestModels.config().set(LlamaCppSettings.CHAT_TEMPLATE.name(), "chatml").build())) {
            assertTrue(client.capabilities().contains(Capability.CHAT));
            String prompt = ChatPrompts.prompt(modelOf(client), List.of(
                    ChatMessage.system("Be kind 🙂"), ChatMessage.user("Hi 😀 中文"), ChatMessage.assistant("Hello"),
                    ChatMessage.user("Tell me a story")), "You are a storyteller.");
            assertEquals("<|im_start|>system\nYou are a storyteller.\n\nBe kind 🙂<|im_end|>\n"
                    + "<|im_start|>user\nHi 😀 中文<|im_end|>\n<|im_start|>assistant\nHello<|im_end|>\n"
                    + "<|im_start|>user\nTell me a story<|im_end|>\n<|im_start|>assistant\n", prompt);
            GenerationResult r = client.chat(List.of(ChatMessage.user("Tell me a story")), GREEDY);
            assertFalse(r.text().isEmpty());
            assertEquals(r.text(), client.chat(List.of(ChatMessage.user("Tell me a story")), GREEDY).text());
            StringBuilder streamed = new StringBuilder();
            client.chat(List.of(ChatMessage.user("Tell me a story")), GREEDY, streamed::append);
            assertEquals(r.text(), streamed.toString());
        }
    }

    @Test
    void llama2NamedTemplate() {
        try (LlamaCppClient client = TestModels.open(TestModels.config().set(LlamaCppSettings.CHAT_TEMPLATE.name(), "llama2").build())) {
            String prompt = ChatPrompts.prompt(modelOf(client), List.of(ChatMessage.user("Hi 😀")), null);
            assertTrue(prompt.contains("[INST]") && prompt.contains("Hi 😀") && prompt.endsWith("[/INST]"), prompt);
        }
    }

    @Test
    void theModelsOwnRecognisedTemplateIsUsed() throws IOException {
        String llama2Style = "{% for message in messages %}{% if message['role'] == 'user' %}"
                + "{{ bos_token + '[INST] ' + message['content'] + ' [/INST]' }}{% else %}{{ message['content'] }}{% endif %}{% endfor %}";
        Path model = GgufWriter.withString(ModelFiles.stories(), "tokenizer.chat_template", llama2Style, dir.resolve("templated.gguf"));
        try (LlamaCppClient client = TestModels.open(TestModels.config().set(LlamaCppSettings.MODEL.name(), model.toString()).build())) {
            assertEquals(llama2Style, client.modelInfo().chatTemplate());
            assertTrue(client.capabilities().contains(Capability.CHAT));
            assertTrue(ChatPrompts.prompt(modelOf(client), List.of(ChatMessage.user("Hi")), null).contains("[INST]"));
            assertFalse(client.chat(List.of(ChatMessage.user("Hi")), GREEDY).text().isEmpty());
        }
    }

    @Test
    void anUnrecognisedTemplateIsReportedInsteadOfFallingBackToChatml() throws IOException {
        Path model = GgufWriter.withString(ModelFiles.stories(), "tokenizer.chat_template", "{{ messages | tojson }}",
                dir.resolve("odd-template.gguf"));
        try (LlamaCppClient client = TestModels.open(TestModels.config().set(LlamaCppSettings.MODEL.name(), model.toString()).build())) {
            assertFalse(client.capabilities().contains(Capability.CHAT));
            UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                    () -> client.chat(List.of(ChatMessage.user("Hi")), GREEDY));
            assertTrue(e.getMessage().contains("does not recognise"), e.getMessage());
        }
    }

    @Test
    void unsupportedMessagesAreRejected() {
        try (LlamaCppClient client = TestModels.open(TestModels.config().set(LlamaCppSettings.CHAT_TEMPLATE.name(), "chatml").build())) {
            assertThrows(InvalidRequestException.class, () -> client.chat(List.of(), GREEDY));
            assertThrows(InvalidRequestException.class,
                    () -> client.chat(List.of(new ChatMessage(Role.TOOL, "{}", List.of())), GREEDY));
            UnsupportedCapabilityException images = assertThrows(UnsupportedCapabilityException.class,
                    () -> client.chat(List.of(ChatMessage.user("look").withImage(new byte[] {1, 2})), GREEDY));
            assertEquals(Capability.IMAGES, images.capability());
        }
    }

    @Test
    void anUnknownTemplateNameFailsAsConfigurationInsteadOfAbortingTheJvm() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TestModels.open(TestModels.config().set(LlamaCppSettings.CHAT_TEMPLATE.name(), "bogus").build()));
        assertTrue(e.getMessage().contains("chatml") && e.getMessage().contains("llama3"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> TestModels.open(TestModels.config()
                .set(LlamaCppSettings.CHAT_TEMPLATE.name(), "{% for m in messages %}{{ m.content }}{% endfor %}").build()));
    }

    private static NativeModel modelOf(LlamaCppClient client) {
        try {
            var field = LlamaCppClient.class.getDeclaredField("model");
            field.setAccessible(true);
            return (NativeModel) field.get(client);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
