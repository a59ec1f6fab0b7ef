/**
 * Plumbing shared by the HTTP backends: a pooled Apache HttpClient built from
 * {@link io.futurnal.llm.LlmConfig}, exchanges that can be aborted from any thread, a line reader
 * for NDJSON and SSE bodies, retry with backoff, and the mapping of I/O failures and error statuses
 * to the API's typed exceptions. Nothing here knows about a particular server's protocol.
 *
 * <p>This is an internal module: its classes are public so that backend modules can use them, but
 * applications should program against {@code io.futurnal.llm}.
 */
package io.futurnal.llm.http;
