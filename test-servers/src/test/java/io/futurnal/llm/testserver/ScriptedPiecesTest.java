package io.futurnal.llm.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedPiecesTest {

    private static final List<String> STORY = List.of("Once", " upon", " a", " time");

    @Test
    void wordsKeepTheirLeadingSpaceSoTheyJoinBackToTheText() {
        assertEquals(STORY, ScriptedPieces.words("Once upon a time"));
        assertEquals(List.of(" two", "\n words"), ScriptedPieces.words(" two\n words  "));
        assertEquals(1, ScriptedPieces.promptTokens(""));
        assertEquals(4, ScriptedPieces.promptTokens("Once upon a time"));
    }

    @Test
    void theLimitCutsWithLengthAndANegativeLimitKeepsAll() {
        assertEquals(new ScriptedPieces.Cut(List.of("Once", " upon"), true), ScriptedPieces.cut(STORY, 2, List.of()));
        assertEquals(new ScriptedPieces.Cut(STORY, false), ScriptedPieces.cut(STORY, 4, List.of()));
        assertEquals(new ScriptedPieces.Cut(STORY, false), ScriptedPieces.cut(STORY, -1, List.of()));
    }

    @Test
    void theEarliestStopEndsTheAnswerKeepingWhatCameBeforeItInThePiece() {
        assertEquals(new ScriptedPieces.Cut(List.of("Once", " u"), false), ScriptedPieces.cut(STORY, -1, List.of(" time", "pon")));
        assertEquals(new ScriptedPieces.Cut(List.of("Once"), false), ScriptedPieces.cut(STORY, -1, List.of(" upon")));
        assertEquals(new ScriptedPieces.Cut(List.of("Once", " upon"), false), ScriptedPieces.cut(STORY, -1, List.of("n a")));
    }
}
