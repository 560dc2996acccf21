package dev.shipshape.workload;

import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FieldProblem;

/** A workload manifest whose fields have the wrong shape; the message names the field and what is wrong. */
public class InvalidWorkloadException extends Exception {

    private final FieldProblem problem;

    public InvalidWorkloadException(FieldPath field, String problem) {
        super(new FieldProblem(field, problem).toString());
        this.problem = new FieldProblem(field, problem);
    }

    /** The offending field, e.g. {@code spec.template.spec.containers[0].ports[0].containerPort}, and what is wrong. */
    public FieldProblem problem() {
        return problem;
    }
}
