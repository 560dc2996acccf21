package dev.shipshape.policy.checks;

import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckParam;
import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.ContainerType;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shared rule of {@link ResourceRequestsCheck} and {@link ResourceLimitsCheck}: init and regular containers
 * must set an amount under {@code resources.<section>} for each resource the {@code resources} parameter
 * lists. Ephemeral containers cannot have resources and are skipped. A pod-level amount (Kubernetes 1.34+
 * {@code spec.resources}, for the resources it supports: cpu and memory) covers every container of the pod.
 */
abstract class ResourceAmountsCheck implements Check {

    static final String RESOURCES_PARAM = "resources";
    private static final String DEFAULT_RESOURCES = "cpu,memory";
    private static final List<String> KNOWN_RESOURCES = List.of("cpu", "memory", "ephemeral-storage");
    /** The listed resources a pod may also set in {@code spec.resources} for all its containers together. */
    private static final Set<String> POD_LEVEL_RESOURCES = Set.of("cpu", "memory");

    private final String section;
    /** The sections whose amount satisfies the check: its own, and for requests also limits. */
    private final List<String> satisfiedBy;
    private final String[] resources;
    private final FieldPath[] paths;

    /**
     * @param satisfiedBy the sections under {@code resources} whose amount for a resource counts as setting it:
     *                    {@code section} itself and any other that Kubernetes copies into it
     */
    ResourceAmountsCheck(String section, List<String> satisfiedBy, List<String> resources) {
        this.section = section;
        this.satisfiedBy = List.copyOf(satisfiedBy);
        this.resources = resources.toArray(String[]::new);
        this.paths = new FieldPath[this.resources.length];
        for (int i = 0; i < this.resources.length; i++) {
            paths[i] = FieldPath.of("resources", section, this.resources[i]);
        }
    }

    static CheckParam resourcesParam(String description) {
        return CheckParam.subsetOf(RESOURCES_PARAM, description, DEFAULT_RESOURCES, KNOWN_RESOURCES);
    }

    /** True when {@code requirements} (never null) set an amount of {@code resource} for this check. */
    private boolean sets(ResourceRequirements requirements, String resource) {
        for (String satisfying : satisfiedBy) {
            if (hasAmount("limits".equals(satisfying) ? requirements.getLimits() : requirements.getRequests(),
                    resource)) {
                return true;
            }
        }
        return false;
    }

    /** CEL of {@link #sets} on the requirements at {@code root}, e.g. a container's. */
    private String celSets(String root, String resource) {
        List<String> any = new ArrayList<>();
        for (String satisfying : satisfiedBy) {
            any.add(Cel.whenSet(root, FieldPath.of("resources", satisfying, resource), amount -> amount + " != ''"));
        }
        return Cel.anyOf(any.toArray(String[]::new));
    }

    abstract Check withResources(List<String> resources);

    @Override
    public Check withParams(CheckParams params) {
        return withResources(params.list(RESOURCES_PARAM));
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        int coveredByPod = coveredByPod(workload.podSpec().getResources());
        List<ContainerRef> containers = workload.containers();
        for (int i = 0; i < containers.size(); i++) {
            ContainerRef container = containers.get(i);
            if (container.type() == ContainerType.EPHEMERAL) {
                continue;
            }
            ResourceRequirements requirements = container.container().getResources();
            for (int r = 0; r < resources.length; r++) {
                if ((coveredByPod & 1 << r) == 0 && (requirements == null || !sets(requirements, resources[r]))) {
                    findings.container(container, paths[r], container.describe() + " must set resources."
                            + section + "." + resources[r]);
                }
            }
        }
    }

    /** A bit for each listed resource that the pod sets for all its containers together. */
    private int coveredByPod(ResourceRequirements podLevel) {
        int covered = 0;
        for (int r = 0; podLevel != null && r < resources.length; r++) {
            if (POD_LEVEL_RESOURCES.contains(resources[r]) && sets(podLevel, resources[r])) {
                covered |= 1 << r;
            }
        }
        return covered;
    }

    private static boolean hasAmount(Map<String, Quantity> amounts, String resource) {
        if (amounts == null) {
            return false;
        }
        Quantity quantity = amounts.get(resource);
        return quantity != null && quantity.getAmount() != null && !quantity.getAmount().isEmpty();
    }

    @Override
    public CelRule celRule() {
        List<String> missing = new ArrayList<>();
        for (String resource : resources) {
            String sets = celSets(Cel.CONTAINER, resource);
            missing.add(POD_LEVEL_RESOURCES.contains(resource)
                    ? Cel.allOf(Cel.not(sets), Cel.not(celSets(Cel.SPEC, resource)))
                    : Cel.not(sets));
        }
        return CelRule.containers(Cel.anyOf(missing.toArray(String[]::new)),
                        "must set resources." + section + "." + String.join(", ", resources))
                .forContainers(EnumSet.of(ContainerType.INIT, ContainerType.REGULAR));
    }
}
