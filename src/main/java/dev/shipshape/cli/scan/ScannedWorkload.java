package dev.shipshape.cli.scan;

import dev.shipshape.cli.input.ManifestObject;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Workload;

/**
 * A workload found in the input and what the policy said about it.
 *
 * @param object where it is
 * @param workload the workload, namespace defaulted
 * @param result the evaluation
 */
public record ScannedWorkload(ManifestObject object, Workload workload, EvaluationResult result) {

    public String file() {
        return object.file().name();
    }

    public int line() {
        return object.line();
    }

    /** The line of a finding's field (a path from the object root), or of its nearest existing ancestor. */
    public int line(FieldPath path) {
        return object.line(path);
    }
}
