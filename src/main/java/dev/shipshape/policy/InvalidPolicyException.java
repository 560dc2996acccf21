package dev.shipshape.policy;

import java.util.List;

/**
 * A HardeningPolicy spec that cannot be compiled. Carries every problem at once, each prefixed with the path of
 * the offending field, e.g. {@code spec.checks[2].id: unknown check "privilegd" (did you mean "privileged"?)}.
 */
public class InvalidPolicyException extends Exception {

    private final List<String> problems;

    public InvalidPolicyException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one line each, in the order of the spec's fields. */
    public List<String> problems() {
        return problems;
    }
}
