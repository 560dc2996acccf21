package dev.shipshape.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.cli.input.CliContext;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.input.LoadedInputs;
import dev.shipshape.cli.input.ManifestDocument;
import dev.shipshape.cli.input.ManifestFile;
import dev.shipshape.cli.input.ManifestObject;
import dev.shipshape.cli.input.SourcePosition;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.policy.checks.NetworkPolicyCheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Scans every workload of some inputs. */
public final class ManifestScan {

    private ManifestScan() {
    }

    /** {@code toolVersion} is the version of Shipshape the report names. */
    public static ScanReport run(String toolVersion, LoadedInputs inputs, CompiledPolicy policy, Severity failOn,
                                 String defaultNamespace, WorkloadKinds kinds, CliContext context) {
        WorkloadScanner scanner = new WorkloadScanner(policy, defaultNamespace, context.clock().instant(),
                inputs.files(), kinds);
        Map<String, UndeclaredKind> undeclared = new LinkedHashMap<>();
        List<ScannedWorkload> workloads = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>(inputs.pathProblems());
        int skipped = 0;
        for (ManifestFile file : inputs.files()) {
            problems.addAll(file.problems());
            for (ManifestDocument document : file.documents()) {
                List<ManifestObject> objects = ManifestObject.of(file, document);
                if (objects.isEmpty()) {
                    skipped++;
                }
                for (ManifestObject object : objects) {
                    try {
                        Optional<ScannedWorkload> workload = scanner.scan(object);
                        if (workload.isPresent()) {
                            workloads.add(workload.get());
                        } else {
                            skipped++;
                            undeclared(object).ifPresent(kind -> undeclared.merge(
                                    kind.apiVersion() + "/" + kind.kind(), kind, (first, next) -> new UndeclaredKind(
                                            first.apiVersion(), first.kind(), first.templatePath(),
                                            first.objects() + 1, first.first())));
                        }
                    } catch (WorkloadScanner.InvalidObjectException e) {
                        problems.add(e.problem());
                    }
                }
            }
        }
        boolean checksSegmentation = policy.checks().stream()
                .anyMatch(check -> check.id().equals(NetworkPolicyCheck.ID));
        List<String> unsegmented = !checksSegmentation ? List.of() : workloads.stream()
                .filter(workload -> workload.result().applicable() && !workload.workload().segmentation().known())
                .map(workload -> workload.workload().namespace()).distinct().toList();
        return new ScanReport(toolVersion, policy, failOn, inputs.files(), workloads, problems,
                skipped, List.copyOf(undeclared.values()), unsegmented);
    }

    private static Optional<UndeclaredKind> undeclared(ManifestObject object) {
        JsonNode apiVersion = object.tree().path("apiVersion");
        JsonNode kind = object.tree().path("kind");
        if (!apiVersion.isTextual() || !kind.isTextual()) {
            return Optional.empty();
        }
        SourcePosition position = object.position(FieldPath.of("kind"));
        return UndeclaredKind.templatePath(object.tree()).map(path -> new UndeclaredKind(apiVersion.asText(),
                kind.asText(), path, 1, new UndeclaredKind.Location(object.file().name(), position.line(),
                position.column())));
    }
}
