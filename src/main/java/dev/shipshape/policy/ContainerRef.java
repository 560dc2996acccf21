package dev.shipshape.policy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.SecurityContext;

/**
 * One container of a pod spec with where it sits. Ephemeral containers are presented through the same
 * {@link Container} type; they are never remediated, since the API does not let their spec change.
 *
 * @param container the container (a read-only view for ephemeral containers)
 * @param type which container list it comes from
 * @param index its position in that list
 * @param path its path in the workload object, e.g. {@code spec.template.spec.containers[1]}
 */
public record ContainerRef(Container container, ContainerType type, int index, FieldPath path) {

    public String name() {
        return container.getName() == null ? "#" + index : container.getName();
    }

    /** How messages name this container, e.g. {@code init container "setup"}. */
    public String describe() {
        return type.label() + " \"" + name() + "\"";
    }

    /** The container's security context, or null. */
    public SecurityContext securityContext() {
        return container.getSecurityContext();
    }

    /** Whether this is a native sidecar: an init container that keeps running beside the main containers. */
    public boolean isSidecar() {
        return type == ContainerType.INIT && "Always".equals(container.getRestartPolicy());
    }
}
