package dev.shipshape.cli;

import dev.shipshape.cli.fix.ComposeFixer;
import dev.shipshape.cli.fix.ManifestFixer;
import dev.shipshape.cli.input.CliContext;
import dev.shipshape.cli.input.InputException;
import dev.shipshape.cli.input.InputFiles;
import dev.shipshape.cli.input.InputOptions;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.input.LoadedInputs;
import dev.shipshape.cli.input.ManifestFile;
import dev.shipshape.cli.scan.InputFacts;
import dev.shipshape.cli.scan.ScanReport;
import dev.shipshape.cli.scan.WorkloadScanner;
import dev.shipshape.policy.CompiledPolicy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code shipshape fix}: fills in the missing hardening fields of manifests. */
@Command(name = "fix", mixinStandardHelpOptions = true, versionProvider = ShipshapeVersion.class,
        description = {
            "Fills in the missing hardening fields of the workloads in manifest files: what the checks with an "
                + "automatic fix set (runAsNonRoot, allowPrivilegeEscalation: false, capabilities drop ALL, "
                + "seccomp RuntimeDefault, readOnlyRootFilesystem with a /tmp emptyDir, "
                + "automountServiceAccountToken: false, ...). Values you set are never changed.",
            "Only the added fields change: comments, key order, quoting and documents without findings stay as "
                + "they were. JSON files are written back pretty-printed. What was added, and what still needs a "
                + "manual fix, is reported on stderr, with a verify line for each container whose image must "
                + "run as a non-root UID or write only to its volumes for the added fields to let it start.",
            "Writes to standard output unless --output-dir or --in-place is given."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done (findings without an automatic fix may remain: see stderr, or run scan)",
            "2:usage or input error"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  shipshape fix deploy/app.yaml > app-fixed.yaml",
            "  shipshape fix --output-dir fixed/ manifests/",
            "  shipshape fix --in-place --policy policy.yaml deploy/",
            "  shipshape fix --run-as-user 1001 --in-place deploy/app.yaml",
            "  helm template my-chart | shipshape fix - | kubectl apply --dry-run=server -f -"})
final class FixCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOptions policyOptions;

    static final class Destination {
        @Option(names = "--output-dir", paramLabel = "DIR",
                description = "Write each input file under DIR at its path relative to the current directory "
                        + "(files outside it: relative to the folder argument they were found in).")
        Path outputDirectory;

        @Option(names = "--in-place", description = "Rewrite the input files that change.")
        boolean inPlace;
    }

    @ArgGroup(exclusive = true)
    Destination destination;

    @Option(names = "--run-as-user", paramLabel = "UID",
            description = "Also set runAsUser: UID (1 or more) beside every runAsNonRoot: true the fix adds where no "
                    + "runAsUser is set, for images whose user is root or a name: the kubelet starts a runAsNonRoot "
                    + "container only with a non-root numeric UID. Without it, each such container gets a verify "
                    + "line on stderr.")
    Long runAsUser;

    @Option(names = "--memory-limit", paramLabel = "SIZE",
            description = "Compose files: set this memory limit (e.g. 512m) on services that have none. Limits are "
                    + "only filled in when given.")
    String memoryLimit;

    @Option(names = "--cpus", paramLabel = "N",
            description = "Compose files: set this CPU limit (e.g. 0.5) on services that have none.")
    String cpus;

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "Manifest files or folders, or - for standard input (always written to standard output).")
    List<String> paths;

    FixCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InputException {
        boolean writesFiles = destination != null && (destination.inPlace || destination.outputDirectory != null);
        if (writesFiles && paths.contains("-")) {
            throw new ParameterException(spec.commandLine(),
                    "standard input (-) can only be fixed to standard output; drop --output-dir/--in-place");
        }
        if (memoryLimit != null && !memoryLimit.matches("(?i)\\d+(\\.\\d+)?\\s*[kmgt]?b?")) {
            throw new ParameterException(spec.commandLine(), "--memory-limit takes a size such as 512m, not "
                    + memoryLimit);
        }
        if (cpus != null && !cpus.matches("\\d+(\\.\\d+)?")) {
            throw new ParameterException(spec.commandLine(), "--cpus takes a number such as 0.5, not " + cpus);
        }
        if (runAsUser != null && runAsUser < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--run-as-user must be a non-root UID (1 or more), not " + runAsUser);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> warnings = new ArrayList<>();
        CompiledPolicy policy = policyOptions.load(context, warnings);
        warnings.forEach(err::println);
        LoadedInputs inputs = LoadedInputs.load(paths, InputOptions.NONE, context);
        List<InputProblem> problems = new ArrayList<>(inputs.pathProblems());
        WorkloadScanner scanner = new WorkloadScanner(policy, policyOptions.namespace, context.clock().instant(),
                InputFacts.of(inputs.files(), policyOptions.namespace), policyOptions.kinds());
        boolean firstOutput = true;
        for (ManifestFile file : inputs.files()) {
            if (file.source().isDockerfile()) {
                err.println(file.name() + ": a Dockerfile, not fixed automatically: shipshape scan names each "
                        + "finding's fix");
                continue;
            }
            if (writesFiles && file.source().isChart()) {
                problems.add(InputProblem.ofFile(file.name(), "a Helm chart: its templates cannot be fixed in "
                        + "place; without --in-place and --output-dir, fix prints its rendered manifests fixed"));
                continue;
            }
            problems.addAll(file.problems());
            ManifestFixer.FileFix fix = file.source().isCompose()
                    ? ComposeFixer.fix(file, policy, new ComposeFixer.Limits(memoryLimit, cpus), context.clock().instant())
                    : ManifestFixer.fix(file, scanner, policy, runAsUser);
            problems.addAll(fix.problems());
            fix.changes().forEach(err::println);
            if (!writesFiles) {
                writeToStdout(out, fix, firstOutput);
                firstOutput = false;
            } else {
                try {
                    write(fix, err);
                } catch (IOException e) {
                    problems.add(InputProblem.ofFile(file.name(), "cannot write the fixed file: " + e));
                }
            }
            if (!fix.changed()) {
                err.println(file.name() + ": unchanged");
            }
        }
        problems.forEach(problem -> err.println(problem.format()));
        out.flush();
        err.flush();
        return problems.isEmpty() ? ScanReport.EXIT_CLEAN : ScanReport.EXIT_INPUT_ERROR;
    }

    /** Prints the files one after another as one YAML stream. */
    private static void writeToStdout(PrintWriter out, ManifestFixer.FileFix fix, boolean first) {
        String text = fix.text();
        if (!first && !text.startsWith("---")) {
            out.print("---\n");
        }
        out.print(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.print("\n");
        }
    }

    private void write(ManifestFixer.FileFix fix, PrintWriter err) throws IOException {
        Path target;
        if (destination.inPlace) {
            if (!fix.changed()) {
                return;
            }
            target = fix.file().source().path();
        } else {
            target = context.workingDirectory().resolve(destination.outputDirectory)
                    .resolve(fix.file().source().outputPath()).normalize();
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, fix.text(), StandardCharsets.UTF_8);
        err.println(fix.file().name() + ": written to "
                + InputFiles.slashed(context.workingDirectory().relativize(target)));
    }
}
