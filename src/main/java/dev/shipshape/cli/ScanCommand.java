package dev.shipshape.cli;

import dev.shipshape.cli.input.CliContext;
import dev.shipshape.cli.input.InputException;
import dev.shipshape.cli.input.LoadedInputs;
import dev.shipshape.cli.report.Ansi;
import dev.shipshape.cli.report.ReportFormat;
import dev.shipshape.cli.scan.ManifestScan;
import dev.shipshape.cli.scan.ScanReport;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code shipshape scan}: evaluates a policy against manifests and reports the findings. */
@Command(name = "scan", mixinStandardHelpOptions = true, versionProvider = ShipshapeVersion.class,
        description = {
            "Checks the workloads (Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, "
                + "Jobs, CronJobs, PodTemplates) in manifest files against a profile or a HardeningPolicy.",
            "Folders are read recursively (.yaml, .yml, .json, in path order, hidden ones skipped); files may hold "
                + "several YAML documents and List objects; - reads standard input (YAML, or JSON). "
                + "Other kinds are skipped and counted. A malformed file or document is reported as "
                + "file:line:column on stderr and the rest is still scanned."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no finding at or above --fail-on",
            "1:findings at or above --fail-on",
            "2:usage or input error; wins over 1"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  shipshape scan deploy/",
            "  helm template my-chart | shipshape scan --fail-on high -",
            "  kubectl get deploy -A -o yaml | shipshape scan --profile restricted -",
            "  shipshape scan --policy policy.yaml --format sarif k8s/ > shipshape.sarif",
            "  shipshape scan --format junit manifests/ > shipshape-junit.xml"})
final class ScanCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOptions policyOptions;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = Converters.SeverityConverter.class,
            completionCandidates = Converters.SeverityCandidates.class,
            description = "Exit with status 1 when a finding is at or above this severity: ${COMPLETION-CANDIDATES} "
                    + "(default: the policy's denySeverity, low for a bare profile).")
    Severity failOn;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            converter = Converters.ReportFormatConverter.class,
            completionCandidates = Converters.ReportFormatCandidates.class,
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json has a stable, "
                    + "versioned schema; sarif 2.1.0 suits GitHub code scanning; junit suits CI test reports.")
    ReportFormat format;

    @Option(names = "--no-color", description = "Never color the table (colors are used only on a terminal, "
            + "and never when NO_COLOR is set).")
    boolean noColor;

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "Manifest files or folders, or - for standard input.")
    List<String> paths;

    ScanCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> warnings = new ArrayList<>();
        CompiledPolicy policy = policyOptions.load(context, warnings);
        warnings.forEach(err::println);
        LoadedInputs inputs = LoadedInputs.load(paths, context);
        Severity threshold = failOn != null ? failOn : policy.denySeverity();
        ScanReport report = ManifestScan.run(ShipshapeVersion.version(), inputs, policy, threshold,
                policyOptions.namespace, policyOptions.kinds(), context);
        report.problems().forEach(problem -> err.println(problem.format()));
        report.undeclaredKinds().forEach(kind -> err.println(kind.message()));
        report.unsegmentedNamespaces().forEach(namespace -> err.println("note: network-policy is not checked in "
                + "namespace " + namespace + ": the input holds no NetworkPolicy for it; scan its NetworkPolicies "
                + "with the workloads"));
        err.flush();
        format.write(report, out, new Ansi(context.colorTerminal() && !noColor));
        return report.exitCode();
    }
}
