package io.futurnal.llm.cli;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** One chat turn from the arguments, or a conversation read line by line from stdin. */
@Command(name = "chat", description = "Chat with the model: one message from the arguments, or a conversation from stdin (one message per line).")
final class ChatCommand implements Callable<Integer> {

    @Mixin
    BackendOptions backend;

    @Mixin
    SamplingOptions sampling;

    @Parameters(arity = "0..*", paramLabel = "MESSAGE", description = "The message; without one, lines are read from stdin.")
    List<String> message = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        GenerationOptions options = sampling.toOptions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LlmClient client = LlmClients.create(backend.config())) {
            StreamPrinter.announce(err, client.info());
            List<ChatMessage> history = new ArrayList<>();
            if (!message.isEmpty()) {
                history.add(ChatMessage.user(String.join(" ", message)));
                StreamPrinter.print(client.chatStream(history, options), out, StreamPrinter.wholeOnly(options));
                return 0;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = readLine(in, err); line != null; line = readLine(in, err)) {
                if (line.isBlank()) {
                    continue;
                }
                history.add(ChatMessage.user(line));
                GenerationResult reply = StreamPrinter.print(client.chatStream(history, options), out, StreamPrinter.wholeOnly(options));
                history.add(ChatMessage.assistant(reply.text()));
            }
        }
        return 0;
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
