package io.futurnal.llm.llamacpp;

import de.kherud.llama.Pair;
import io.futurnal.llm.Capability;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.UnsupportedCapabilityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns chat messages into a prompt with the chat template llama.cpp applies: the model's own, or
 * the named one configured in {@link LlamaCppSettings#CHAT_TEMPLATE}.
 */
final class ChatPrompts {

    private static final String CHATML_MARK = "<|im_start|>";

    private ChatPrompts() {
    }

    /**
     * Why {@code model} cannot chat, or empty when it can. Without a template llama.cpp would
     * silently use ChatML, and it does the same for a template it does not recognise; both are
     * reported instead.
     */
    static Optional<String> problem(NativeModel model) {
        if (!model.key.chatTemplate().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> own = model.header.chatTemplateText();
        if (own.isEmpty()) {
            return Optional.of("the model " + model.key.path().getFileName() + " has no chat template; set "
                    + LlamaCppSettings.CHAT_TEMPLATE + " to a named template (e.g. chatml) or use generate");
        }
        String sample = model.applyTemplate("s", List.of(new Pair<>("user", "u")));
        if (sample.contains(CHATML_MARK) && !own.get().contains(CHATML_MARK)) {
            return Optional.of("llama.cpp (build b4916, without Jinja) does not recognise the chat template of "
                    + model.key.path().getFileName() + " and would fall back to ChatML; set "
                    + LlamaCppSettings.CHAT_TEMPLATE + " to a named template that fits the model");
        }
        return Optional.empty();
    }

    /** The prompt for {@code messages}, with {@code systemPrompt} (may be null) before any system messages. */
    static String prompt(NativeModel model, List<ChatMessage> messages, String systemPrompt) {
        if (messages.isEmpty()) {
            throw new InvalidRequestException("a chat needs at least one message");
        }
        StringBuilder system = new StringBuilder(systemPrompt == null ? "" : systemPrompt);
        List<Pair<String, String>> turns = new ArrayList<>();
        for (ChatMessage m : messages) {
            if (!m.images().isEmpty()) {
                throw new UnsupportedCapabilityException(Capability.IMAGES,
                        "the llama.cpp backend does not take images; send text messages only");
            }
            switch (m.role()) {
                case SYSTEM -> system.append(system.length() == 0 ? "" : "\n\n").append(m.content());
                case USER, ASSISTANT -> turns.add(new Pair<>(m.role().wireName(), m.content()));
                default -> throw new InvalidRequestException("the llama.cpp backend supports system, user and assistant "
                        + "messages; got a " + m.role().wireName() + " message");
            }
        }
        return model.applyTemplate(system.length() == 0 ? null : system.toString(), turns);
    }
}
