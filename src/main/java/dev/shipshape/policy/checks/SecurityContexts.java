package dev.shipshape.policy.checks;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;

/** The security contexts that remediations write to, created where the manifest has none. */
final class SecurityContexts {

    private SecurityContexts() {
    }

    /** The security context of {@code container}, after giving it an empty one if it has none. */
    static SecurityContext getOrCreate(Container container) {
        if (container.getSecurityContext() == null) {
            container.setSecurityContext(new SecurityContext());
        }
        return container.getSecurityContext();
    }

    /** The pod-level security context of {@code spec}, after giving it an empty one if it has none. */
    static PodSecurityContext getOrCreate(PodSpec spec) {
        if (spec.getSecurityContext() == null) {
            spec.setSecurityContext(new PodSecurityContext());
        }
        return spec.getSecurityContext();
    }
}
