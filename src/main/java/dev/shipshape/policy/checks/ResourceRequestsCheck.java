package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;

import java.util.List;
import java.util.Map;

/**
 * Init and regular containers must request the resources the policy lists (cpu and memory by default). A limit
 * without a request counts as a request, since Kubernetes defaults the request to the limit.
 */
public final class ResourceRequestsCheck extends ResourceAmountsCheck {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("resource-requests")
            .title("Resource requests")
            .category(Category.RESOURCES)
            .profile(Profile.HARDENED)
            .severity(Severity.LOW)
            .fields("spec.containers[*].resources.requests", "spec.containers[*].resources.limits",
                    "spec.initContainers[*].resources.requests", "spec.initContainers[*].resources.limits",
                    "spec.resources.requests", "spec.resources.limits")
            .why("Without requests the scheduler cannot place pods sensibly and the pod gets the BestEffort "
                    + "class, first to be evicted under pressure; an availability concern, hence low.")
            .fix("Set resources.requests for each listed resource, sized from observed usage; cpu and memory may "
                    + "instead be requested for the whole pod in spec.resources (Kubernetes 1.34+).")
            .param(resourcesParam("Comma-separated resources every init and regular container must request "
                    + "(a limit alone counts, as Kubernetes copies it into the request); any of cpu, memory, "
                    + "ephemeral-storage."))
            .build();

    public ResourceRequestsCheck() {
        this(CheckParams.of(DESCRIPTOR, Map.of()).list(RESOURCES_PARAM));
    }

    private ResourceRequestsCheck(List<String> resources) {
        super("requests", List.of("requests", "limits"), resources);
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    Check withResources(List<String> resources) {
        return new ResourceRequestsCheck(resources);
    }
}
