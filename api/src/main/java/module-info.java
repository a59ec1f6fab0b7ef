/**
 * The client API and the backend SPI. {@code io.futurnal.llm.internal} (a small JSON reader fast
 * enough for probes) is exported only to the modules that share it; it is not public API.
 */
module io.futurnal.llm {
    requires org.slf4j;

    exports io.futurnal.llm;
    exports io.futurnal.llm.spi;
    exports io.futurnal.llm.internal to io.futurnal.llm.ollama, io.futurnal.llm.openai, io.futurnal.llm.hf;

    uses io.futurnal.llm.spi.LlmBackendProvider;
    uses io.futurnal.llm.LlmListener;
}
