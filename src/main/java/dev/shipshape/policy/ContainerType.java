package dev.shipshape.policy;

/** Which list of the pod spec a container comes from. */
public enum ContainerType {
    INIT("initContainers", "init container"),
    REGULAR("containers", "container"),
    EPHEMERAL("ephemeralContainers", "ephemeral container");

    private final String field;
    private final String label;

    ContainerType(String field, String label) {
        this.field = field;
        this.label = label;
    }

    /** The pod spec field holding this list. */
    public String field() {
        return field;
    }

    /** How messages name a container of this type. */
    public String label() {
        return label;
    }
}
