package io.futurnal.llm;

import java.util.Optional;

/**
 * Whether a reasoning ("thinking") model should reason before it answers, and how hard. Set it
 * with {@link GenerationOptions.Builder#think(Think)}; leaving it unset keeps the server's default.
 * The reasoning comes back apart from the answer, in {@link GenerationResult#reasoning()} and as
 * {@link StreamEvent.ReasoningDelta}s. Asking for it from a backend or model without
 * {@link Capability#REASONING} fails with {@link UnsupportedCapabilityException}.
 *
 * @param enabled whether to reason
 * @param level   how hard, or {@code null} for the model's default; only with {@code enabled}
 */
public record Think(boolean enabled, ThinkLevel level) {

    /** Reason before answering, at the model's default level. */
    public static final Think ON = new Think(true, null);

    /** Answer without reasoning (on models that can switch it off). */
    public static final Think OFF = new Think(false, null);

    /** Rejects a level on a switched-off think. */
    public Think {
        if (!enabled && level != null) {
            throw new InvalidRequestException("a think level (" + level.wireName() + ") needs thinking on; use Think.of(level)");
        }
    }

    /** Reason at {@code level}. */
    public static Think of(ThinkLevel level) {
        return new Think(true, java.util.Objects.requireNonNull(level, "level"));
    }

    /** The level, when one was asked for. */
    public Optional<ThinkLevel> optionalLevel() {
        return Optional.ofNullable(level);
    }
}
