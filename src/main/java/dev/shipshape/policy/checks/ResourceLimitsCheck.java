package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;

import java.util.List;
import java.util.Map;

/** Init and regular containers must set limits for the resources the policy lists (cpu and memory by default). */
public final class ResourceLimitsCheck extends ResourceAmountsCheck {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("resource-limits")
            .title("Resource limits")
            .category(Category.RESOURCES)
            .profile(Profile.HARDENED)
            .severity(Severity.MEDIUM)
            .fields("spec.containers[*].resources.limits",
                    "spec.initContainers[*].resources.limits", "spec.resources.limits")
            .why("A container without limits can exhaust its node's memory, CPU or disk and take neighbouring "
                    + "workloads down with it, through a leak, a bug or an attack; it harms availability, not "
                    + "isolation, hence medium.")
            .fix("Set resources.limits for each listed resource, e.g. a memory limit equal to the request; cpu and "
                    + "memory may instead be limited for the whole pod in spec.resources.limits (Kubernetes 1.34+).")
            .param(resourcesParam("Comma-separated resources every init and regular container must limit; any of "
                    + "cpu, memory, ephemeral-storage. Many teams require only memory, since CPU limits "
                    + "throttle latency-sensitive services without protecting neighbours much."))
            .build();

    public ResourceLimitsCheck() {
        this(CheckParams.of(DESCRIPTOR, Map.of()).list(RESOURCES_PARAM));
    }

    private ResourceLimitsCheck(List<String> resources) {
        super("limits", List.of("limits"), resources);
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    Check withResources(List<String> resources) {
        return new ResourceLimitsCheck(resources);
    }
}
