package dev.shipshape.policy;

import java.util.List;

/**
 * A HardeningPolicy spec that cannot be compiled. Carries every problem at once, each with the path of the
 * offending field, e.g. {@code spec.checks[2].id} and {@code unknown check "privilegd" (did you mean "privileged"?)};
 * the message lists them one a line.
 */
public class InvalidPolicyException extends Exception {

    private final List<FieldProblem> problems;

    public InvalidPolicyException(List<FieldProblem> problems) {
        super(String.join("\n", problems.stream().map(FieldProblem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order of the spec's fields. */
    public List<FieldProblem> problems() {
        return problems;
    }
}
