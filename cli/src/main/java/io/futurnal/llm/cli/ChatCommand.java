package io.futurnal.llm.cli;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.ToolChoice;
import io.futurnal.llm.ToolDefinition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One chat turn from the arguments or a conversation file, or a conversation read line by line
 * from stdin. Tool calls the model makes are printed one JSON object per line on stdout.
 */
@Command(name = "chat", description = "Chat with the model: one message from the arguments, a conversation from --messages,"
        + " or a conversation from stdin (one message per line). Tool calls are printed as JSON lines on stdout.")
final class ChatCommand implements Callable<Integer> {

    @Mixin
    BackendOptions backend;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--tools", paramLabel = "FILE",
            description = "A JSON array of tools the model may call, each {\"type\":\"function\",\"function\":{name, description, parameters}}.")
    Path tools;

    @Option(names = "--tool-choice", paramLabel = "CHOICE",
            description = "auto (default), none, required, or the name of the tool that must be called.")
    String toolChoice;

    @Option(names = "--messages", paramLabel = "FILE",
            description = "The conversation so far as JSON lines ({role, content, tool_calls, tool_call_id, name}); - reads stdin.")
    String messages;

    @Parameters(arity = "0..*", paramLabel = "MESSAGE", description = "The message; without one (and without --messages), lines are read from stdin.")
    List<String> message = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        GenerationOptions options = sampling.toOptions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ToolDefinition> offered = tools == null ? List.of() : ConversationFiles.tools(tools);
        List<ChatMessage> history = new ArrayList<>(messages == null ? List.of() : ConversationFiles.messages(messages, System.in));
        try (LlmClient client = LlmClients.create(backend.config())) {
            StreamPrinter.announce(err, client.info());
            if (!message.isEmpty() || messages != null) {
                if (!message.isEmpty()) {
                    history.add(ChatMessage.user(String.join(" ", message)));
                }
                StreamPrinter.print(client.chatStream(request(history, options, offered)), out, err,
                        StreamPrinter.wholeOnly(options));
                return 0;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = readLine(in, err); line != null; line = readLine(in, err)) {
                if (line.isBlank()) {
                    continue;
                }
                history.add(ChatMessage.user(line));
                GenerationResult reply = StreamPrinter.print(client.chatStream(request(history, options, offered)), out, err,
                        StreamPrinter.wholeOnly(options));
                history.add(ChatMessage.assistant(reply));
            }
        }
        return 0;
    }

    private ChatRequest request(List<ChatMessage> history, GenerationOptions options, List<ToolDefinition> offered) {
        return ChatRequest.builder().messages(history).options(options).tools(offered).toolChoice(choice()).build();
    }

    private ToolChoice choice() {
        if (toolChoice == null) {
            return ToolChoice.AUTO;
        }
        return switch (toolChoice.strip()) {
            case "auto" -> ToolChoice.AUTO;
            case "none" -> ToolChoice.NONE;
            case "required" -> ToolChoice.REQUIRED;
            default -> ToolChoice.named(toolChoice.strip());
        };
    }

    private static String readLine(BufferedReader in, PrintWriter err) {
        if (System.console() != null) {
            err.print("> ");
            err.flush();
        }
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
