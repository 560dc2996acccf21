package dev.shipshape.cli;

import dev.shipshape.cli.input.CliContext;
import dev.shipshape.cli.input.InputException;
import dev.shipshape.cli.input.InputOptions;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.input.LoadedInputs;
import dev.shipshape.cli.report.Ansi;
import dev.shipshape.cli.report.ReportFormat;
import dev.shipshape.cli.report.ReportSettings;
import dev.shipshape.cli.report.ReportWriter;
import dev.shipshape.cli.scan.Baseline;
import dev.shipshape.cli.scan.ManifestScan;
import dev.shipshape.cli.scan.ScanListener;
import dev.shipshape.cli.scan.ScanReport;
import dev.shipshape.cli.scan.ScannedWorkload;
import dev.shipshape.compose.ComposeChecks;
import dev.shipshape.image.DockerfileChecks;
import dev.shipshape.policy.CheckCatalog;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code shipshape scan}: evaluates a policy against manifests and reports the findings. */
@Command(name = "scan", mixinStandardHelpOptions = true, versionProvider = ShipshapeVersion.class,
        description = {
            "Checks the workloads (Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, "
                + "Jobs, CronJobs, PodTemplates) in manifest files against a profile or a HardeningPolicy.",
            "Folders are read recursively (.yaml, .yml, .json, in path order, hidden ones skipped); a folder with "
                + "a Chart.yaml is a Helm chart, rendered with helm template (helm must be on PATH). Files may hold "
                + "several YAML documents and List objects; - reads standard input (YAML, or JSON), and any other "
                + "readable path works too, such as <(kustomize build overlay). A # Source: comment above a "
                + "document, as helm template writes them, makes findings point at that template.",
            "Other kinds are skipped and counted; kinds that neither Kubernetes nor the input's "
                + "CustomResourceDefinitions declare are named. A malformed file or document is reported as "
                + "file:line:column on stderr and the rest is still scanned."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no finding at or above --fail-on (outside the --baseline)",
            "1:findings at or above --fail-on",
            "2:usage or input error, or objects but no workload in the input (see --no-fail-on-empty); wins over 1"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  shipshape scan deploy/",
            "  shipshape scan charts/web --values charts/web/values-prod.yaml",
            "  helm template my-chart | shipshape scan --fail-on high -",
            "  kubectl get deploy -A -o yaml | shipshape scan --profile restricted -",
            "  shipshape scan --format table --output sarif=shipshape.sarif k8s/",
            "  shipshape scan --write-baseline .shipshape-baseline.json k8s/   # accept today's findings",
            "  shipshape scan --baseline .shipshape-baseline.json k8s/         # fail on new ones only",
            "  shipshape scan --format html --output junit=shipshape-junit.xml k8s/ > shipshape.html"})
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
            description = "Report format on standard output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). "
                    + "json has a stable, versioned schema; sarif 2.1.0 suits GitHub code scanning; junit suits CI "
                    + "test reports; html is one self-contained page.")
    ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT=FILE",
            description = "Also write a report in FORMAT to FILE (repeatable), from the same scan, e.g. "
                    + "--output sarif=shipshape.sarif --output junit=junit.xml.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--summary", description = "Table format: findings and workloads per check and the totals, "
            + "instead of every workload.")
    boolean summary;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Findings in this baseline (written by --write-baseline) are reported as such and do not "
                    + "fail the scan: only new ones do. Findings are matched by workload, container and check, "
                    + "never by line.")
    Path baseline;

    @Option(names = "--write-baseline", paramLabel = "FILE",
            description = "Write every finding of this scan to FILE as a baseline and exit 0 (2 on input errors).")
    Path writeBaseline;

    @Option(names = "--ignore-check", paramLabel = "ID",
            description = "Do not run this check (repeatable); shipshape checks lists the ids.")
    List<String> ignoredChecks = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "Leave out files, folders and rendered templates whose path matches GLOB (repeatable), "
                    + "relative to the working directory or the folder argument, e.g. 'tests/**' or "
                    + "'*.test.yaml'; a glob without / also matches a single file or folder name.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--dockerfile", paramLabel = "PATH",
            description = "Also scan this file as a Dockerfile, whatever its name (repeatable). Files called "
                    + "Dockerfile, Containerfile, *.Dockerfile or Dockerfile.* are found in folders anyway.")
    List<String> dockerfiles = new ArrayList<>();

    @Option(names = "--fail-on-empty", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Exit with status 2 when the input holds Kubernetes objects but not one workload, "
                    + "which is what a typo'd kind or a forgotten --workload-kind looks like (default: on; "
                    + "--no-fail-on-empty turns it off).")
    boolean failOnEmpty;

    @Option(names = {"-f", "--values"}, paramLabel = "FILE",
            description = "Helm charts: values file passed to helm template (repeatable).")
    List<String> valuesFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Helm charts: value passed to helm template --set (repeatable).")
    List<String> setValues = new ArrayList<>();

    @Option(names = "--release-name", paramLabel = "NAME", defaultValue = "release",
            description = "Helm charts: the release name to render with (default: ${DEFAULT-VALUE}).")
    String releaseName;

    @Option(names = "--no-color", description = "Never color the table (colors are used only on a terminal, "
            + "and never when NO_COLOR is set).")
    boolean noColor;

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "Manifest files, folders or Helm charts, or - for standard input.")
    List<String> paths;

    ScanCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<ReportFormat, Path> files = outputFiles();
        List<String> warnings = new ArrayList<>();
        CompiledPolicy policy = withoutIgnoredChecks(policyOptions.load(context, warnings));
        warnings.forEach(err::println);
        Baseline known = baseline == null ? Baseline.EMPTY
                : Baseline.read(context.workingDirectory().resolve(baseline), baseline.toString());
        Baseline.Recorder recorder = writeBaseline == null ? null : new Baseline.Recorder();
        InputOptions inputOptions = new InputOptions(InputOptions.Excludes.of(excludes),
                new InputOptions.HelmOptions(releaseName, policyOptions.namespace, valuesFiles, setValues),
                dockerfiles);
        LoadedInputs.Contents inputs = LoadedInputs.Contents.read(paths, inputOptions, context);
        Severity threshold = failOn != null ? failOn : policy.denySeverity();
        ReportSettings settings = new ReportSettings(ShipshapeVersion.version(), policy, threshold,
                baseline == null ? null : baseline.toString(), summary,
                new Ansi(context.colorTerminal() && !noColor && format == ReportFormat.TABLE));
        Map<ReportWriter, PrintWriter> reports = new LinkedHashMap<>();
        reports.put(format.open(settings, out), out);
        try {
            for (Map.Entry<ReportFormat, Path> file : files.entrySet()) {
                PrintWriter writer = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                        Files.newOutputStream(file.getValue()), StandardCharsets.UTF_8)));
                reports.put(file.getKey().open(new ReportSettings(settings.toolVersion(), policy, threshold,
                        settings.baseline(), false, new Ansi(false)), writer), writer);
            }
        } catch (IOException e) {
            throw new InputException(InputProblem.ofFile(e.getMessage(), "cannot write the report: " + e));
        }
        ScanReport report = ManifestScan.run(new ManifestScan.Request(ShipshapeVersion.version(), policy, threshold,
                policyOptions.namespace, policyOptions.kinds(), known, recorder, failOnEmpty, Set.copyOf(ignoredChecks)),
                inputs, inputOptions,
                context, new ScanListener() {
                    @Override
                    public void workload(ScannedWorkload workload) {
                        reports.keySet().forEach(writer -> writer.workload(workload));
                    }

                    @Override
                    public void problem(InputProblem problem) {
                        err.println(problem.format());
                        reports.keySet().forEach(writer -> writer.problem(problem));
                    }
                });
        report.undeclaredKinds().forEach(kind -> err.println(kind.message()));
        report.unknownKinds().forEach(kind -> err.println(kind.message()));
        report.unsegmentedNamespaces().forEach(namespace -> err.println("note: network-policy is not checked in "
                + "namespace " + namespace + ": the input holds no NetworkPolicy for it; scan its NetworkPolicies "
                + "with the workloads"));
        if (report.emptyFailure()) {
            err.println(report.emptyMessage());
        }
        err.flush();
        reports.forEach((writer, target) -> {
            writer.finish(report);
            if (target != out) {
                target.close();
            }
        });
        files.forEach((reportFormat, file) -> err.println("shipshape: wrote the " + reportFormat.name()
                .toLowerCase(Locale.ROOT) + " report to " + file));
        if (recorder != null) {
            return writeBaseline(recorder, report, err);
        }
        return report.exitCode();
    }

    /** The {@code --output} reports: a format and a file each, the files' folders created. */
    private Map<ReportFormat, Path> outputFiles() {
        Map<ReportFormat, Path> files = new LinkedHashMap<>();
        for (String output : outputs) {
            int equals = output.indexOf('=');
            if (equals <= 0 || equals == output.length() - 1) {
                throw new ParameterException(spec.commandLine(), "--output takes FORMAT=FILE, e.g. "
                        + "sarif=shipshape.sarif, not '" + output + "'");
            }
            ReportFormat reportFormat;
            try {
                reportFormat = new Converters.ReportFormatConverter().convert(output.substring(0, equals));
            } catch (Exception e) {
                throw new ParameterException(spec.commandLine(), "--output " + output + ": " + e.getMessage());
            }
            Path file = context.workingDirectory().resolve(output.substring(equals + 1)).normalize();
            if (files.containsValue(file)) {
                throw new ParameterException(spec.commandLine(), "--output names " + file + " twice");
            }
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--output " + output + ": cannot create its "
                        + "folder: " + e.getMessage());
            }
            files.put(reportFormat, file);
        }
        return files;
    }

    private CompiledPolicy withoutIgnoredChecks(CompiledPolicy policy) {
        if (ignoredChecks.isEmpty()) {
            return policy;
        }
        Set<String> ids = new HashSet<>(CheckCatalog.ids());
        DockerfileChecks.imageOnly().forEach(check -> ids.add(check.descriptor().id()));
        ComposeChecks.composeOnly().forEach(check -> ids.add(check.id()));
        for (String id : ignoredChecks) {
            if (!ids.contains(id)) {
                Optional<String> closest = CheckCatalog.closest(id);
                throw new ParameterException(spec.commandLine(), "--ignore-check " + id + ": no such check"
                        + closest.map(name -> "; did you mean " + name + "?").orElse("; shipshape checks lists them"));
            }
        }
        return policy.withChecks(policy.checks().stream().filter(check -> !ignoredChecks.contains(check.id()))
                .toList());
    }

    private int writeBaseline(Baseline.Recorder recorder, ScanReport report, PrintWriter err) throws InputException {
        Path file = context.workingDirectory().resolve(writeBaseline);
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            recorder.write(writer);
        } catch (IOException e) {
            throw new InputException(InputProblem.ofFile(writeBaseline.toString(), "cannot write the baseline: "
                    + e.getMessage()));
        }
        err.println("shipshape: wrote " + recorder.size() + " finding" + (recorder.size() == 1 ? "" : "s")
                + " to the baseline " + writeBaseline + "; scan with --baseline " + writeBaseline
                + " to fail only on new ones");
        return report.problems().isEmpty() ? ScanReport.EXIT_CLEAN : ScanReport.EXIT_INPUT_ERROR;
    }
}
