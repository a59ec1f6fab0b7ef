package io.futurnal.llm;

/** Optional abilities a client may have. Generation and streaming are always present. */
public enum Capability {
    /** {@link LlmClient#chat} with a real chat template or endpoint. */
    CHAT,
    /** {@link LlmClient#embed}. */
    EMBEDDINGS,
    /** {@link ResponseFormat#JSON}. */
    JSON_FORMAT,
    /** {@link ResponseFormat#jsonSchema(String)}. */
    JSON_SCHEMA,
    /** Images attached to chat messages. */
    IMAGES,
    /** Listing, pulling and deleting models through {@link ModelManagement}. */
    MODEL_MANAGEMENT,
    /** Tool calling: {@link ChatRequest#tools()}, {@link ToolCall}s in results and {@link Role#TOOL} messages. */
    TOOLS,
    /** Reasoning ("thinking") on request through {@link GenerationOptions#think()}, returned apart from the answer. */
    REASONING
}
