package dev.shipshape.policy.checks;

import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckParam;
import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.ContainerType;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.List;
import java.util.Map;

/**
 * Shared rule of {@link ResourceRequestsCheck} and {@link ResourceLimitsCheck}: init and regular containers
 * must set an amount under {@code resources.<section>} for each resource the {@code resources} parameter
 * lists. Ephemeral containers cannot have resources and are skipped.
 */
abstract class ResourceAmountsCheck implements Check {

    static final String RESOURCES_PARAM = "resources";
    static final String DEFAULT_RESOURCES = "cpu,memory";
    static final List<String> KNOWN_RESOURCES = List.of("cpu", "memory", "ephemeral-storage");

    private final String section;
    private final String[] resources;
    private final FieldPath[] paths;

    ResourceAmountsCheck(String section, List<String> resources) {
        this.section = section;
        this.resources = resources.toArray(String[]::new);
        this.paths = new FieldPath[this.resources.length];
        for (int i = 0; i < this.resources.length; i++) {
            paths[i] = FieldPath.of("resources", section, this.resources[i]);
        }
    }

    static CheckParam resourcesParam(String description) {
        return CheckParam.subsetOf(RESOURCES_PARAM, description, DEFAULT_RESOURCES, KNOWN_RESOURCES);
    }

    /** The amounts of {@code requirements} this check looks at, or null. */
    abstract Map<String, Quantity> amounts(ResourceRequirements requirements);

    abstract Check withResources(List<String> resources);

    @Override
    public Check withParams(CheckParams params) {
        return withResources(params.list(RESOURCES_PARAM));
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        for (ContainerRef container : workload.containers()) {
            if (container.type() == ContainerType.EPHEMERAL) {
                continue;
            }
            ResourceRequirements requirements = container.container().getResources();
            Map<String, Quantity> amounts = requirements == null ? null : amounts(requirements);
            for (int i = 0; i < resources.length; i++) {
                if (amounts == null || isUnset(amounts.get(resources[i]))) {
                    findings.container(container, paths[i], container.describe() + " must set resources."
                            + section + "." + resources[i]);
                }
            }
        }
    }

    private static boolean isUnset(Quantity quantity) {
        return quantity == null || quantity.getAmount() == null || quantity.getAmount().isEmpty();
    }
}
