package dev.shipshape.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.cli.input.CliContext;
import dev.shipshape.cli.input.InputOptions;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.input.InputSource;
import dev.shipshape.cli.input.LoadedInputs;
import dev.shipshape.cli.input.ManifestDocument;
import dev.shipshape.cli.input.ManifestFile;
import dev.shipshape.cli.input.ManifestLoader;
import dev.shipshape.cli.input.ManifestObject;
import dev.shipshape.cli.input.SourcePosition;
import dev.shipshape.compose.ComposeEvaluator;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.policy.checks.NetworkPolicyCheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scans every workload of some inputs, one document at a time: each workload goes to the listener as soon as it is
 * evaluated and is then forgotten, so memory does not grow with the size of the input or the number of findings.
 * Namespace objects and NetworkPolicies, which decide about workloads anywhere in the input, are read first.
 */
public final class ManifestScan {

    /**
     * What a scan is asked to do besides reading its inputs.
     *
     * @param toolVersion the version of Shipshape the reports name
     * @param policy the policy to evaluate
     * @param failOn findings at or above this severity fail the scan
     * @param defaultNamespace the namespace of objects that set none
     * @param kinds the workload kinds
     * @param baseline findings to leave out of the reports and the exit code
     * @param recorder gets every finding, to write a baseline; null when none is written
     * @param failOnEmpty whether input with objects but no workload fails the scan
     * @param ignoredChecks ids of checks not to run; the policy's own checks are already left out of it, this
     *                      also leaves out Dockerfile checks of their own
     */
    public record Request(String toolVersion, CompiledPolicy policy, Severity failOn, String defaultNamespace,
                          WorkloadKinds kinds, Baseline baseline, Baseline.Recorder recorder, boolean failOnEmpty,
                          Set<String> ignoredChecks) {
    }

    /** Severities are declared most serious first. */
    private static final Comparator<Finding> MOST_SEVERE_FIRST = Comparator.comparing(Finding::severity);

    /** Kinds whose objects are read before any workload: facts about namespaces, and declared custom kinds. */
    private static final List<String> FIRST_PASS_KINDS = List.of("Namespace", "NetworkPolicy",
            "CustomResourceDefinition");

    private final Request request;
    private final InputOptions options;
    private final ScanListener listener;
    private final KnownKinds knownKinds = new KnownKinds();
    private final Map<String, UndeclaredKind> undeclared = new LinkedHashMap<>();
    private final Map<String, UnknownKind> unknown = new LinkedHashMap<>();
    private final List<InputProblem> problems = new ArrayList<>();
    private final Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
    private final Map<String, Tally> byCheck = new LinkedHashMap<>();
    private final Set<String> unsegmented = new LinkedHashSet<>();
    private final boolean checksSegmentation;
    private int objects;
    private int workloads;
    private int matched;
    private int dockerfiles;
    private int composeServices;
    private int compliant;
    private int exemptFindings;
    private int baselined;
    private int skipped;
    private int excluded;
    private int notObjects;
    private boolean failed;

    /** Findings of one check outside the baseline, and the workloads with them. */
    private static final class Tally {
        private final Severity severity;
        private int findings;
        private int workloads;
        private String fix;

        Tally(Severity severity) {
            this.severity = severity;
        }
    }

    private ManifestScan(Request request, InputOptions options, ScanListener listener) {
        this.request = request;
        this.options = options;
        this.listener = listener;
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity, 0);
        }
        for (ActiveCheck check : request.policy().checks()) {
            byCheck.put(check.id(), new Tally(check.severity()));
        }
        this.checksSegmentation = byCheck.containsKey(NetworkPolicyCheck.ID);
    }

    /** Scans {@code inputs}, handing each workload and problem to {@code listener}; returns the totals. */
    public static ScanReport run(Request request, LoadedInputs.Contents inputs, InputOptions options,
                                 CliContext context, ScanListener listener) {
        ManifestScan scan = new ManifestScan(request, options, listener);
        inputs.pathProblems().forEach(scan::problem);
        InputFacts.Collector facts = new InputFacts.Collector(request.defaultNamespace());
        for (ManifestLoader.InputContent content : inputs.contents()) {
            // only an input whose text names these kinds can hold such objects: the others are parsed once
            if (content.source().format() == InputSource.Format.MANIFESTS
                    && FIRST_PASS_KINDS.stream().anyMatch(content.text()::contains)) {
                ManifestFile file = content.placeholder();
                content.stream(document -> ManifestObject.of(file, document).forEach(object -> {
                    facts.add(object);
                    scan.declareCustomKind(object);
                }));
            }
        }
        WorkloadScanner scanner = new WorkloadScanner(request.policy(), request.defaultNamespace(),
                context.clock().instant(), facts.facts(), request.kinds());
        DockerfileScan dockerfiles = new DockerfileScan(request.policy(), request.ignoredChecks(),
                context.clock().instant(), context.workingDirectory());
        ComposeScan compose = new ComposeScan(request.policy(), request.ignoredChecks(), context.clock().instant());
        for (ManifestLoader.InputContent content : inputs.contents()) {
            if (content.source().isDockerfile()) {
                scan.dockerfile(content, dockerfiles);
                continue;
            }
            if (content.source().isCompose()) {
                ManifestFile file = content.placeholder();
                content.stream(document -> scan.compose(file, document, compose)).problems()
                        .forEach(scan::problem);
                continue;
            }
            ManifestFile file = content.placeholder();
            content.stream(document -> scan.document(file, document, scanner)).problems().forEach(scan::problem);
        }
        return scan.report();
    }

    private void dockerfile(ManifestLoader.InputContent content, DockerfileScan dockerfiles) {
        if (!content.problems().isEmpty()) {
            content.problems().forEach(this::problem);
            return;
        }
        try {
            workload(withBaseline(dockerfiles.scan(content)));
        } catch (WorkloadScanner.InvalidObjectException e) {
            problem(e.problem());
        }
    }

    private void compose(ManifestFile file, ManifestDocument document, ComposeScan compose) {
        try {
            compose.scan(file, document).forEach(service -> workload(withBaseline(service)));
        } catch (WorkloadScanner.InvalidObjectException e) {
            problem(e.problem());
        }
    }

    private void problem(InputProblem problem) {
        problems.add(problem);
        listener.problem(problem);
    }

    private void declareCustomKind(ManifestObject object) {
        JsonNode tree = object.tree();
        if ("CustomResourceDefinition".equals(object.kind())
                && tree.path("apiVersion").asText().startsWith("apiextensions.k8s.io/")) {
            String group = tree.path("spec").path("group").asText("");
            String kind = tree.path("spec").path("names").path("kind").asText("");
            if (!kind.isEmpty()) {
                knownKinds.declare(group, kind);
            }
        }
    }

    private void document(ManifestFile file, ManifestDocument document, WorkloadScanner scanner) {
        if (document.origin() != null && options.excluded(document.origin().file())) {
            excluded++;
            return;
        }
        JsonNode tree = document.tree();
        if (!tree.isObject()) {
            SourcePosition position = document.sourceMap().locate(FieldPath.ROOT);
            problem(new InputProblem(file.name(), position.line(), position.column(), "a YAML document must be a "
                    + "Kubernetes object (a mapping with apiVersion and kind), not " + describe(tree)));
            return;
        }
        for (ManifestObject object : ManifestObject.of(file, document)) {
            object(object, scanner);
        }
    }

    private static String describe(JsonNode tree) {
        if (tree.isArray()) {
            return "a list";
        }
        if (tree.isTextual()) {
            String text = tree.asText();
            return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        return "the value " + tree;
    }

    private void object(ManifestObject object, WorkloadScanner scanner) {
        JsonNode apiVersion = object.tree().path("apiVersion");
        JsonNode kind = object.tree().path("kind");
        if (!apiVersion.isTextual() && !kind.isTextual()) {
            notObjects++;
            skipped++;
            return;
        }
        objects++;
        Optional<ScannedWorkload> found;
        try {
            found = scanner.scan(object).map(this::withBaseline);
        } catch (WorkloadScanner.InvalidObjectException e) {
            problem(e.problem());
            return;
        }
        if (found.isPresent()) {
            workload(found.get());
            return;
        }
        skipped++;
        if (apiVersion.isTextual() && kind.isTextual() && !knownKinds.known(apiVersion.asText(), kind.asText())) {
            unknownOrUndeclared(object, apiVersion.asText(), kind.asText());
        }
    }

    private void unknownOrUndeclared(ManifestObject object, String apiVersion, String kind) {
        SourcePosition position = object.position(FieldPath.of("kind"));
        UndeclaredKind.Location location = new UndeclaredKind.Location(object.reportedFile(),
                object.reportedLine(FieldPath.of("kind")), position.column());
        String key = apiVersion + "/" + kind;
        String suggestion = KnownKinds.suggestion(kind);
        Optional<String> templatePath = UndeclaredKind.templatePath(object.tree());
        boolean builtInGroup = KnownKinds.builtInGroup(KnownKinds.group(apiVersion));
        if (templatePath.isPresent() && !(builtInGroup && suggestion != null)) {
            undeclared.merge(key, new UndeclaredKind(apiVersion, kind, templatePath.get(), 1, location),
                    (first, next) -> new UndeclaredKind(first.apiVersion(), first.kind(), first.templatePath(),
                            first.objects() + 1, first.first()));
        } else {
            unknown.merge(key, new UnknownKind(apiVersion, kind, 1, location, suggestion),
                    (first, next) -> first.plusOne());
        }
    }

    private ScannedWorkload withBaseline(ScannedWorkload scanned) {
        List<Finding> findings = new ArrayList<>(scanned.result().violations().size());
        List<Finding> inBaseline = new ArrayList<>();
        for (Finding finding : scanned.result().violations()) {
            if (request.recorder() != null) {
                request.recorder().add(finding);
            }
            (request.baseline().contains(finding) ? inBaseline : findings).add(finding);
        }
        findings.sort(MOST_SEVERE_FIRST);
        return new ScannedWorkload(scanned.object(), scanned.workload(), scanned.result(), findings, inBaseline,
                scanned.checks());
    }

    private void workload(ScannedWorkload workload) {
        workloads++;
        if (workload.result().applicable()) {
            matched++;
            if (DockerfileScan.KIND.equals(workload.workload().kind())) {
                dockerfiles++;
            } else if (ComposeEvaluator.KIND.equals(workload.workload().kind())) {
                composeServices++;
            }
            if (workload.result().compliant()) {
                compliant++;
            }
            exemptFindings += workload.result().exempt().size();
            baselined += workload.baselined().size();
            Set<String> checks = new HashSet<>();
            for (Finding finding : workload.findings()) {
                bySeverity.merge(finding.severity(), 1, Integer::sum);
                Tally tally = byCheck.computeIfAbsent(finding.checkId(), any -> new Tally(finding.severity()));
                tally.findings++;
                if (tally.fix == null) {
                    tally.fix = finding.fix();
                }
                if (checks.add(finding.checkId())) {
                    tally.workloads++;
                }
                if (finding.severity().atLeast(request.failOn())) {
                    failed = true;
                }
            }
            if (checksSegmentation && workload.checks().contains(NetworkPolicyCheck.ID)
                    && !workload.workload().segmentation().known()) {
                unsegmented.add(workload.workload().namespace());
            }
        }
        listener.workload(workload);
    }

    private ScanReport report() {
        Map<String, ScanReport.CheckTally> checks = new LinkedHashMap<>();
        byCheck.forEach((id, tally) -> checks.put(id, new ScanReport.CheckTally(tally.severity, tally.findings,
                tally.workloads, tally.fix)));
        return new ScanReport(request.toolVersion(), request.policy(), request.failOn(), objects, workloads, matched,
                dockerfiles, composeServices, compliant, exemptFindings, bySeverity, checks, baselined, failed, skipped, excluded, notObjects,
                List.copyOf(undeclared.values()), List.copyOf(unknown.values()), problems, List.copyOf(unsegmented),
                request.failOnEmpty());
    }
}
