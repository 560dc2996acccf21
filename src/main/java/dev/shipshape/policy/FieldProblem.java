package dev.shipshape.policy;

/**
 * What is wrong with one field of a policy or a manifest, kept apart from its path until an edge formats it: a
 * status condition, a CLI line with the file's position of the field, a denial message.
 *
 * @param path the offending field, e.g. {@code spec.checks[2].id}
 * @param detail what is wrong with it, e.g. {@code unknown check "privilegd" (did you mean "privileged"?)}
 */
public record FieldProblem(FieldPath path, String detail) {

    /** {@code path: detail}, or the detail alone for the whole document. */
    @Override
    public String toString() {
        String at = path.toString();
        return at.isEmpty() ? detail : at + ": " + detail;
    }
}
