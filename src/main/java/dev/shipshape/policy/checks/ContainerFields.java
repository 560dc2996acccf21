package dev.shipshape.policy.checks;

import dev.shipshape.policy.ContainerType;

/** Builds the {@code fields} of check descriptors for fields that every kind of container has. */
final class ContainerFields {

    private ContainerFields() {
    }

    /**
     * {@code fields} (relative to a container) under every container list of the pod spec, e.g.
     * {@code spec.initContainers[*].securityContext.privileged}, in init, regular, ephemeral order.
     */
    static String[] inEveryContainer(String... fields) {
        ContainerType[] types = ContainerType.values();
        String[] paths = new String[fields.length * types.length];
        int next = 0;
        for (ContainerType type : types) {
            for (String field : fields) {
                paths[next++] = "spec." + type.field() + "[*]." + field;
            }
        }
        return paths;
    }
}
