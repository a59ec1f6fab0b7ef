package io.futurnal.llm.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void hidesTheUserInformationOfEveryUrl() {
        assertEquals("no server at http://***@127.0.0.1:11434 (refused); also https://***@h:1/v1",
                Redaction.withoutUserInfo("no server at http://user:pw@127.0.0.1:11434 (refused); also https://tok@h:1/v1"));
    }

    @Test
    void hidesUserInformationWithoutAScheme() {
        assertEquals("OLLAMA_HOST is '***@127.0.0.1:99999'", Redaction.withoutUserInfo("OLLAMA_HOST is 'admin:s3cret@127.0.0.1:99999'"));
        assertEquals("***@host:1", Redaction.withoutUserInfo("u:p@host:1"));
    }

    @Test
    void leavesEmailAddressesAndPlainTextAlone() {
        assertEquals("write to ops@example.com", Redaction.withoutUserInfo("write to ops@example.com"));
        assertEquals("http://127.0.0.1:8000/v1", Redaction.withoutUserInfo("http://127.0.0.1:8000/v1"));
    }

    @Test
    void removesTerminalControlsButKeepsLinesAndTabs() {
        assertEquals("[31mred[0m\tbell\nnext", Redaction.printable("\u001b[31mred\u001b[0m\tbell\u0007\r\nnext\u009b"));
    }
}
