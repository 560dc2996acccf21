package dev.shipshape.cli;

import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Scans every workload of some inputs. */
final class ManifestScan {

    private ManifestScan() {
    }

    static ScanReport run(LoadedInputs inputs, CompiledPolicy policy, Severity failOn, String defaultNamespace,
                          CliContext context) {
        WorkloadScanner scanner = new WorkloadScanner(policy, defaultNamespace, context.clock().instant(),
                inputs.files());
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
                        }
                    } catch (WorkloadScanner.InvalidObjectException e) {
                        problems.add(e.problem());
                    }
                }
            }
        }
        return new ScanReport(ShipshapeVersion.version(), policy, failOn, inputs.files(), workloads, problems,
                skipped);
    }
}
