package dev.shipshape.cli.scan;

import dev.shipshape.cli.input.CliContext;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.input.LoadedInputs;
import dev.shipshape.cli.input.ManifestDocument;
import dev.shipshape.cli.input.ManifestFile;
import dev.shipshape.cli.input.ManifestObject;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Scans every workload of some inputs. */
public final class ManifestScan {

    private ManifestScan() {
    }

    /** {@code toolVersion} is the version of Shipshape the report names. */
    public static ScanReport run(String toolVersion, LoadedInputs inputs, CompiledPolicy policy, Severity failOn,
                                 String defaultNamespace, CliContext context) {
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
        return new ScanReport(toolVersion, policy, failOn, inputs.files(), workloads, problems,
                skipped);
    }
}
