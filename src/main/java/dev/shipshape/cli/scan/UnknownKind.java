package dev.shipshape.cli.scan;

/**
 * Objects of a kind neither Kubernetes' built-in API groups, the declared workload kinds nor the input's
 * CustomResourceDefinitions know, and that carry no pod template: a misspelt kind, a wrong apiVersion, or a custom
 * resource. Named in the report, so that a typo does not pass as a clean scan.
 *
 * @param apiVersion the objects' apiVersion
 * @param kind the objects' kind
 * @param objects how many there were
 * @param first where the first of them is
 * @param suggestion the workload kind the kind is probably a misspelling of, or null
 */
public record UnknownKind(String apiVersion, String kind, int objects, UndeclaredKind.Location first,
                          String suggestion) {

    /** One line for humans, starting with where the first object is. */
    public String message() {
        return first.file() + ":" + first.line() + ":" + first.column() + ": warning: " + objects + " object"
                + (objects == 1 ? "" : "s") + " of unknown kind " + apiVersion + "/" + kind + " not scanned"
                + (suggestion != null ? ": did you mean " + suggestion + "?" : ": not a built-in Kubernetes kind, "
                + "and no CustomResourceDefinition in the input declares it");
    }

    UnknownKind plusOne() {
        return new UnknownKind(apiVersion, kind, objects + 1, first, suggestion);
    }
}
