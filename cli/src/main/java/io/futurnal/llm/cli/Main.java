package io.futurnal.llm.cli;

import io.futurnal.llm.bench.BenchCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code futurnal-llm} command. Only answers (tokens, tables, JSON) go to stdout; logs,
 * progress and errors go to stderr, so the output can be piped.
 */
@Command(name = "futurnal-llm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run local large language models through one API, on the best backend available.",
        subcommands = {
            BackendsCommand.class,
            GenerateCommand.class,
            ChatCommand.class,
            EmbedCommand.class,
            ModelsCommand.class,
            PullCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the backend failed, or another error",
            "2:invalid command-line usage",
            "3:no suitable backend is available",
            "4:the model was not found",
            "5:invalid configuration or request",
            "6:a timeout ran out",
            "7:JSON output was cut short by the token limit (nothing is printed)",
            "130:interrupted"
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Main() {
    }

    /** Runs the command with {@code args} and exits the JVM with its exit code. */
    public static void main(String[] args) {
        Logging.configure(args);
        int code = run(args);
        System.out.flush();
        // llama.cpp leaves a non-daemon native thread behind; the command must still end
        System.exit(code);
    }

    /** Runs the command and returns its exit code, without exiting (tests call this). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
