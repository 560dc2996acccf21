package dev.shipshape.cli.scan;

import dev.shipshape.cli.input.ManifestObject;
import dev.shipshape.compose.ComposeEvaluator;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Workload;

import java.util.List;

/**
 * A workload found in the input and what the policy said about it.
 *
 * @param object where it is
 * @param workload the workload, namespace defaulted
 * @param result the evaluation
 * @param findings the violations that are not in the baseline, most severe first (in check order within a
 *                 severity): what the reports show and the exit code counts
 * @param baselined the violations the baseline holds
 * @param checks the ids of the checks that ran on it, in catalogue order: the policy's for a workload, the
 *               Dockerfile checks for a Dockerfile
 */
public record ScannedWorkload(ManifestObject object, Workload workload, EvaluationResult result,
                              List<Finding> findings, List<Finding> baselined, List<String> checks) {

    public ScannedWorkload {
        findings = List.copyOf(findings);
        baselined = List.copyOf(baselined);
        checks = List.copyOf(checks);
    }

    /** The file reports name: the template the workload was rendered from, when a comment says so. */
    public String file() {
        return object.reportedFile();
    }

    public int line() {
        return object.reportedLine(FieldPath.ROOT);
    }

    /** What a finding is about, for people: {@code container web}, {@code pod}, or {@code image} in a Dockerfile. */
    public String subject(Finding finding) {
        if (finding.container() != null) {
            return "container " + finding.container();
        }
        if (ComposeEvaluator.KIND.equals(workload.kind())) {
            return "service " + workload.name();
        }
        return DockerfileScan.KIND.equals(workload.kind()) ? "image" : "pod";
    }

    /** The line of a finding's field (a path from the object root), or of its nearest existing ancestor. */
    public int line(FieldPath path) {
        return object.reportedLine(path);
    }
}
