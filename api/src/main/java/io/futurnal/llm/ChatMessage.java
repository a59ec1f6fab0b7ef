package io.futurnal.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One message of a chat.
 *
 * @param role    who wrote it
 * @param content its text
 * @param images  raw image bytes (PNG, JPEG) for vision models; empty for text
 */
public record ChatMessage(Role role, String content, List<byte[]> images) {

    /** Requires a role and content; a null image list becomes empty, and the list is copied. */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** A system message: instructions that frame the whole chat. */
    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content, List.of());
    }

    /** A message from the user. */
    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content, List.of());
    }

    /** A message the model wrote earlier in the chat. */
    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content, List.of());
    }

    /** A copy of this message with one more image attached. */
    public ChatMessage withImage(byte[] image) {
        List<byte[]> more = new ArrayList<>(images);
        more.add(image.clone());
        return new ChatMessage(role, content, more);
    }
}
