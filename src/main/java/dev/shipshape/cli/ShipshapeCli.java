package dev.shipshape.cli;

import dev.shipshape.cli.input.CliContext;
import dev.shipshape.cli.input.InputException;
import dev.shipshape.cli.scan.ScanReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The {@code shipshape} command line: scans and fixes manifests offline with the same engine as the operator.
 * Plain Java and picocli; it starts no Quarkus application.
 */
@Command(name = "shipshape", mixinStandardHelpOptions = true, versionProvider = ShipshapeVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Checks Kubernetes workload manifests against hardening policies, offline: the same checks "
                + "the Shipshape operator enforces in the cluster.",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no finding at or above --fail-on",
            "1:findings at or above --fail-on",
            "2:usage or input error (bad flag, unreadable or malformed file, invalid policy)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  shipshape scan deploy/                  # every .yaml, .yml and .json file below deploy/",
            "  helm template my-chart | shipshape scan -",
            "  shipshape scan --profile restricted --format sarif k8s/ > shipshape.sarif",
            "  shipshape scan --policy policy.yaml --fail-on high manifests/",
            "  shipshape fix --in-place deploy/        # fill in missing hardening fields",
            "  shipshape checks --format markdown      # the checks reference",
            "  shipshape export admission-policy --policy policy.yaml   # ValidatingAdmissionPolicies",
            "  source <(shipshape completion bash)     # Tab completion"})
public final class ShipshapeCli implements Callable<Integer> {

    private static final Map<String, Function<CliContext, Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("scan", ScanCommand::new);
        COMMANDS.put("fix", FixCommand::new);
        COMMANDS.put("checks", context -> new ChecksCommand());
        COMMANDS.put("export", context -> new CommandLine(new ExportCommand())
                .addSubcommand(new ExportAdmissionPolicyCommand(context)));
        COMMANDS.put("version", context -> new VersionCommand());
        COMMANDS.put("completion", context -> new CompletionCommand(() -> everyCommand(context)));
    }

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int status = execute(CliContext.system(), out, err, args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** The whole command tree, as help and completion show it. */
    static CommandLine everyCommand(CliContext context) {
        CommandLine commandLine = new CommandLine(new ShipshapeCli());
        COMMANDS.forEach((name, command) -> {
            if (!name.equals("completion")) {
                commandLine.addSubcommand(command.apply(context));
            }
        });
        commandLine.addSubcommand(new CompletionCommand(() -> commandLine));
        commandLine.addSubcommand(new CommandLine.HelpCommand());
        HelpWrapping.apply(commandLine, HelpWrapping.WIDTH);
        return commandLine;
    }

    /** Runs one command line; returns its exit status. */
    public static int execute(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new ShipshapeCli());
        // Building a command's model costs start-up time: a run that names its command gets only that one.
        Function<CliContext, Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            commandLine.addSubcommand(named.apply(context));
        } else {
            COMMANDS.values().forEach(command -> commandLine.addSubcommand(command.apply(context)));
            commandLine.addSubcommand(new CommandLine.HelpCommand());
        }
        HelpWrapping.apply(commandLine, HelpWrapping.WIDTH);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(ShipshapeCli::usageError);
        commandLine.setExecutionExceptionHandler(ShipshapeCli::executionError);
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    private static int usageError(CommandLine.ParameterException exception, String[] args) {
        CommandLine failed = exception.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println("shipshape: " + exception.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
        err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ScanReport.EXIT_INPUT_ERROR;
    }

    /** Ends a command that threw: an {@link InputException} with its problems, anything else as a bug. */
    private static int executionError(Exception exception, CommandLine failed, CommandLine.ParseResult parseResult) {
        PrintWriter err = failed.getErr();
        if (exception instanceof InputException input) {
            input.problems().forEach(problem -> err.println(problem.format()));
        } else {
            err.println("shipshape: internal error: " + exception);
            exception.printStackTrace(err);
        }
        return ScanReport.EXIT_INPUT_ERROR;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ScanReport.EXIT_INPUT_ERROR;
    }
}
