package dev.shipshape.workload;

/** A workload manifest whose fields have the wrong shape; the message names the field and what is wrong. */
public class InvalidWorkloadException extends Exception {

    private final String field;

    public InvalidWorkloadException(String field, String problem) {
        super(field.isEmpty() ? problem : field + ": " + problem);
        this.field = field;
    }

    /** The offending field, e.g. {@code spec.template.spec.containers[0].ports[0].containerPort}. */
    public String field() {
        return field;
    }
}
